package io.resilienceradar.contracts.events;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum a sealed release carries: SHA-256 over one canonical line per observation,
 * {@code indicator|area|period|value|status|text\n}, in the order the batches carry them.
 * Producer and consumer compute it the same way, so a lost or altered batch is detected.
 *
 * <p>The value's text is {@link #valueText}: the shortest decimal that reads back as the same double (Jackson's
 * Schubfach writer, what {@code Double.toString} gives from JDK 19 on, the same on every JDK) and what the contracts'
 * mapper writes into the batches. Releases sealed before 2026-11-29 used Java 17's {@code Double.toString}, which for
 * a few values writes more digits than needed: {@link #matches} still accepts their seals.
 */
public final class ReleaseChecksum {
    private final MessageDigest digest;
    private final boolean legacy;
    private long count;
    private String hex;

    public ReleaseChecksum() {
        this(false);
    }

    private ReleaseChecksum(boolean legacy) {
        this.legacy = legacy;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form of releases sealed before the canonical value text changed: {@code Double.toString} of Java 17. */
    public static ReleaseChecksum legacy() {
        return new ReleaseChecksum(true);
    }

    /** A value's canonical text (null for none). */
    public static String valueText(Double value) {
        return value == null ? null : NumberOutput.toString(value.doubleValue(), true);
    }

    public ReleaseChecksum add(Observation o) {
        if (hex != null) {
            throw new IllegalStateException("checksum already computed");
        }
        String value = o.value() == null ? "" : legacy ? Double.toString(o.value()) : valueText(o.value());
        String line = o.indicator() + '|' + o.areaCode() + '|' + o.period() + '|' + value + '|'
                + (o.status() == null ? "" : o.status()) + '|'
                + (o.text() == null ? "" : o.text()) + '\n';
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        count++;
        return this;
    }

    public long count() {
        return count;
    }

    public String hex() {
        if (hex == null) {
            hex = HexFormat.of().formatHex(digest.digest());
        }
        return hex;
    }

    /**
     * Whether a seal's checksum is this one's or, for a release sealed in the legacy form, the legacy checksum over
     * the same observations (recomputed only on a mismatch, so current releases pay nothing for it).
     */
    public boolean matches(String sealed, Iterable<Observation> sameObservations) {
        if (hex().equalsIgnoreCase(sealed)) {
            return true;
        }
        if (legacy) {
            return false;
        }
        ReleaseChecksum old = legacy();
        sameObservations.forEach(old::add);
        return old.hex().equalsIgnoreCase(sealed);
    }
}
