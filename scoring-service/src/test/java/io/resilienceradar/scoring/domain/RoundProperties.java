package io.resilienceradar.scoring.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Round}'s fast route gives, bit for bit, what its BigDecimal definition gives. */
class RoundProperties {

    @Property(tries = 20_000)
    void fastRoundingIsTheBigDecimalRounding(@ForAll("doubles") double v) {
        assertThat(Double.doubleToRawLongBits(Round.sig4(v))).as("sig4(%s)", v)
                .isEqualTo(Double.doubleToRawLongBits(Round.exact4(v)));
        assertThat(Double.doubleToRawLongBits(Round.sig6(v))).as("sig6(%s)", v)
                .isEqualTo(Double.doubleToRawLongBits(Round.exact6(v)));
    }

    @Example
    void manyDecimalsAndNearTies() {
        // values as statistics are published (k / 10^j), the same nudged by an ulp, and decimal ties of 4 and 6 digits
        for (int j = 0; j <= 8; j++) {
            double scale = Math.pow(10, j);
            for (long k = -200_000; k <= 200_000; k += 37) {
                double v = k / scale;
                check(v);
                check(Math.nextUp(v));
                check(Math.nextDown(v));
                check((k * 10 + 5) / (scale * 10));
            }
        }
        for (double v : new double[]{0.0, -0.0, 1e-300, -1e300, 9.9995, 99.995, 0.12345650, 999999.5, 9999.5,
                1e22, 1e23, 1e-17, 1e-18, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            check(v);
        }
    }

    private static void check(double v) {
        assertThat(Double.doubleToRawLongBits(Round.sig4(v))).as("sig4(%s)", v)
                .isEqualTo(Double.doubleToRawLongBits(Round.exact4(v)));
        assertThat(Double.doubleToRawLongBits(Round.sig6(v))).as("sig6(%s)", v)
                .isEqualTo(Double.doubleToRawLongBits(Round.exact6(v)));
    }

    @Provide
    Arbitrary<Double> doubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> decimals = Arbitraries.longs().between(-100_000_000L, 100_000_000L)
                .flatMap(k -> Arbitraries.integers().between(0, 12).map(j -> k / Math.pow(10, j)));
        Arbitrary<Double> ties = Arbitraries.longs().between(-10_000_000L, 10_000_000L)
                .flatMap(k -> Arbitraries.integers().between(-10, 12).map(j -> (k * 10 + 5) * Math.pow(10, -j - 1)));
        Arbitrary<Double> uniform = Arbitraries.doubles().between(-1e7, 1e7);
        return Arbitraries.oneOf(anyBits, decimals, ties, uniform);
    }
}
