package io.resilienceradar.contracts.events;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Finite doubles of every kind: any bit pattern, subnormals, ±0.0, extreme exponents, short decimals as in CSVs and
 * their neighbours one ulp away (also ingest-service's property tests, through this module's test jar).
 */
public final class Doubles {
    private Doubles() {
    }

    public static Arbitrary<Double> finite() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> subnormal = Arbitraries.longs().between(1, (1L << 52) - 1)
                .map(bits -> Double.longBitsToDouble(bits) * (bits % 2 == 0 ? 1 : -1));
        Arbitrary<Double> decimal = Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L)
                .flatMap(m -> Arbitraries.integers().between(0, 12).map(scale -> m / Math.pow(10, scale)));
        Arbitrary<Double> scaled = Arbitraries.doubles().between(1, 10)
                .flatMap(d -> Arbitraries.integers().between(-320, 308).map(e -> d * Math.pow(10, e)))
                .filter(Double::isFinite);
        Arbitrary<Double> special = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, -Double.MAX_VALUE, 1.0E-3, 1.0E7, 9999999.999, 2.0E23, 1.0E23, 0.1, 0.3);
        Arbitrary<Double> nearDecimal = decimal.flatMap(d -> Arbitraries.integers().between(-1, 1)
                .map(ulps -> Double.longBitsToDouble(Double.doubleToRawLongBits(d) + ulps))).filter(Double::isFinite);
        return Arbitraries.frequencyOf(Tuple.of(3, anyBits), Tuple.of(1, subnormal), Tuple.of(4, decimal),
                Tuple.of(2, nearDecimal), Tuple.of(2, scaled), Tuple.of(1, special));
    }
}
