package io.resilienceradar.contracts.events;

import io.resilienceradar.contracts.Json;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTextProperties {
    @Provide
    Arbitrary<Double> finite() {
        return Doubles.finite();
    }

    @Property(tries = 20_000)
    void readsBackAsTheSameDouble(@ForAll("finite") double d) {
        String text = ReleaseChecksum.valueText(d);
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).isEqualTo(Double.doubleToRawLongBits(d));
    }

    @Property(tries = 20_000)
    void isNoLongerThanJava17sAndDiffersOnlyInDigitsNotValue(@ForAll("finite") double d) {
        String text = ReleaseChecksum.valueText(d);
        String legacy = Double.toString(d);
        assertThat(text.length()).isLessThanOrEqualTo(legacy.length());
        // same layout as Double.toString: a '.', an exponent only outside [1e-3, 1e7)
        assertThat(text.contains("E")).isEqualTo(legacy.contains("E"));
        assertThat(text).contains(".");
        if (d != 0 && !text.equals(legacy)) {
            // Java 17 sometimes writes more digits than needed; both still denote d
            assertThat(Double.parseDouble(legacy)).isEqualTo(d);
            assertThat(new BigDecimal(text).precision()).isLessThanOrEqualTo(new BigDecimal(legacy).precision());
        }
    }

    @Property(tries = 20_000)
    void isWhatTheContractsMapperWrites(@ForAll("finite") double d) {
        assertThat(new String(Json.write(d), StandardCharsets.US_ASCII)).isEqualTo(ReleaseChecksum.valueText(d));
        Observation o = Observation.of("pop", "E63000001", "2021", d);
        String json = new String(Json.write(o), StandardCharsets.UTF_8);
        assertThat(json).contains("\"value\":" + ReleaseChecksum.valueText(d) + "}");
        assertThat(Double.doubleToRawLongBits(Json.read(json, Observation.class).value()))
                .isEqualTo(Double.doubleToRawLongBits(d));
    }
}
