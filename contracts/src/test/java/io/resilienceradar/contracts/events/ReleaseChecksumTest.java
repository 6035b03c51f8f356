package io.resilienceradar.contracts.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReleaseChecksumTest {
    // Java 17's Double.toString writes 2.0000000000000002E23 for the double nearest 2e23; the shortest form is 2.0E23
    private static final double DIFFERS = 2.0E23;

    private static final List<Observation> RELEASE = List.of(
            Observation.of("pop", "E63000001", "2021", 12.5),
            Observation.of("gdp", "E63000001", "2021", DIFFERS),
            new Observation("pop", "E63000002", "2021", null, "..", null));

    @Test
    void canonicalValueTextIsTheShortest() {
        assertThat(ReleaseChecksum.valueText(DIFFERS)).isEqualTo("2.0E23");
        assertThat(ReleaseChecksum.valueText(-0.0)).isEqualTo("-0.0");
        assertThat(ReleaseChecksum.valueText(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(ReleaseChecksum.valueText(0.001)).isEqualTo("0.001");
        assertThat(ReleaseChecksum.valueText(1.0E7)).isEqualTo("1.0E7");
        assertThat(ReleaseChecksum.valueText(null)).isNull();
    }

    @Test
    void aSealOfTheLegacyFormStillMatches() {
        assumeTrue(!Double.toString(DIFFERS).equals("2.0E23"), "this JDK's Double.toString is already the shortest");
        String legacySeal = sum(ReleaseChecksum.legacy()).hex();
        ReleaseChecksum current = sum(new ReleaseChecksum());
        assertThat(current.hex()).isNotEqualTo(legacySeal); // the texts differ, so do the digests
        assertThat(current.matches(legacySeal, RELEASE)).isTrue();
        assertThat(current.matches(current.hex().toUpperCase(), RELEASE)).isTrue();
    }

    @Test
    void otherContentMatchesNeitherForm() {
        String legacySeal = sum(ReleaseChecksum.legacy()).hex();
        List<Observation> altered = List.of(RELEASE.get(0), Observation.of("gdp", "E63000001", "2021", 2.1E23), RELEASE.get(2));
        ReleaseChecksum other = new ReleaseChecksum();
        altered.forEach(other::add);
        assertThat(other.matches(legacySeal, altered)).isFalse();
        assertThat(other.matches(sum(new ReleaseChecksum()).hex(), altered)).isFalse();
        assertThat(ReleaseChecksum.legacy().add(RELEASE.get(0)).matches(sum(new ReleaseChecksum()).hex(), RELEASE)).isFalse();
    }

    @Test
    void linesAreTheDocumentedCanonicalForm() throws Exception {
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        String lines = "pop|E63000001|2021|12.5||\ngdp|E63000001|2021|2.0E23||\npop|E63000002|2021||..|\n";
        String expected = java.util.HexFormat.of().formatHex(sha.digest(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(sum(new ReleaseChecksum()).hex()).isEqualTo(expected);
    }

    private static ReleaseChecksum sum(ReleaseChecksum c) {
        RELEASE.forEach(c::add);
        return c;
    }
}
