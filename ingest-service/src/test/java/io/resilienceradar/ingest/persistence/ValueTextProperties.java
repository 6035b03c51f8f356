package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Doubles;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.ingest.messaging.BatchJson;
import io.resilienceradar.ingest.messaging.ObservationArray;
import io.resilienceradar.ingest.messaging.ValueText;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Staging's checksum and batch JSON agree with the contracts' byte for byte, whatever the doubles. */
class ValueTextProperties {
    @Provide
    Arbitrary<Double> values() {
        // around the fast path's limits: 15 and 16 digits, next to 1e-3 and 1e7, one ulp off a short decimal
        Arbitrary<Double> edges = Arbitraries.of(1.0E-3, 1.0E7, 9999999.999999998, 0.0009999999999999998,
                        0.1 + 0.2, 123456789.012345, 1234567.89012345, 0.00123456789012345, 0.001234567890123456)
                .flatMap(d -> Arbitraries.integers().between(-2, 2)
                        .map(ulps -> Double.longBitsToDouble(Double.doubleToRawLongBits(d) + ulps)));
        // (the validator refuses NaN and infinities: they never reach staging)
        return Arbitraries.frequencyOf(Tuple.of(14, Doubles.finite()), Tuple.of(1, edges));
    }

    @Provide
    Arbitrary<List<Observation>> releases() {
        Arbitrary<Double> value = values().injectNull(0.1);
        Arbitrary<Observation> observation = Combinators.combine(
                Arbitraries.of("pop", "gdp", "indicateur_é"), Arbitraries.integers().between(0, 99_999),
                Arbitraries.of("2021", "2021-01-01/P1Y"), value, Arbitraries.of("..", "x").injectNull(0.8))
                .as((ind, area, period, v, status) ->
                        new Observation(ind, String.format("E63%06d", area), period, v, v == null ? status : null, null));
        return observation.list().ofMinSize(1).ofMaxSize(3_000);
    }

    @Property(tries = 200_000)
    void stagingsValueTextIsTheContractsCanonicalText(@ForAll("values") double d) {
        assertThat(ValueText.of(d)).isEqualTo(ReleaseChecksum.valueText(d));
    }

    @Property(tries = 200_000)
    void shortDecimalsAreWrittenAsTheLibraryWritesThem(@ForAll long mantissa, @ForAll byte scale) {
        double d = (mantissa % 10_000_000_000_000_000L) / Math.pow(10, Math.floorMod(scale, 19));
        assertThat(ValueText.of(d)).isEqualTo(ReleaseChecksum.valueText(d));
    }

    @Property(tries = 300)
    void blockChecksumIsTheContractsReleaseChecksum(@ForAll("releases") List<Observation> release) {
        ReleaseChecksum expected = new ReleaseChecksum();
        BlockChecksum blocks = new BlockChecksum();
        for (Observation o : release) {
            expected.add(o);
            blocks.add(o, BatchJson.valueText(o));
        }
        assertThat(blocks.hex()).isEqualTo(expected.hex());
    }

    @Property(tries = 300)
    void observationArrayIsTheContractsJson(@ForAll("releases") List<Observation> release) {
        ObservationArray array = new ObservationArray();
        array.reset();
        for (Observation o : release) {
            array.add(o, BatchJson.valueText(o));
        }
        array.end();
        assertThat(new String(Arrays.copyOf(array.buffer(), array.size()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.write(release), java.nio.charset.StandardCharsets.UTF_8));
    }
}
