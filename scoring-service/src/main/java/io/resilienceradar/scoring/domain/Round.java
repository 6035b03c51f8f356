package io.resilienceradar.scoring.domain;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Rounding of published numbers: thresholds and means to 4 significant figures, derived values to 6.
 *
 * <p>The definition is {@code new BigDecimal(v).round(digits, HALF_UP).doubleValue()}. It sits on the scoring hot
 * path (every derived and aggregated value, every threshold and mean), so {@link #sig} first tries a
 * double-only route that gives bit-identical results and falls back to {@code BigDecimal} whenever it cannot be sure:
 * the value scaled to {@code digits} integer digits is computed with one correctly rounded multiplication or
 * division by an exact power of ten (error below 2e-10 for 6 digits), so unless it lies within 1e-6 of a rounding
 * tie or of a change in the number of digits, its half-up rounding {@code m} is the exact one; {@code m} and the
 * power of ten are exact doubles, so {@code m / 10^k} (or {@code m × 10^k}) is the correctly rounded double of the
 * rounded decimal, which is what {@code BigDecimal.doubleValue()} returns too. {@code RoundProperties} checks the
 * two routes agree.
 */
final class Round {
    private static final MathContext FOUR = new MathContext(4);
    private static final MathContext SIX = new MathContext(6);
    /** 10^0 .. 10^22: every one exactly representable as a double. */
    private static final double[] POW10 = new double[23];
    private static final double MARGIN = 1e-6;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Round() {
    }

    static double sig4(double v) {
        return sig(v, 4, FOUR);
    }

    static double sig6(double v) {
        return sig(v, 6, SIX);
    }

    private static double sig(double v, int digits, MathContext mc) {
        if (!Double.isFinite(v)) {
            return v;
        }
        if (v == 0) {
            return 0.0; // BigDecimal has no negative zero
        }
        double a = Math.abs(v);
        int shift = digits - 1 - (int) Math.floor(Math.log10(a));
        if (shift < -22 || shift > 22) {
            return exact(v, mc);
        }
        double p = POW10[Math.abs(shift)];
        double scaled = shift >= 0 ? a * p : a / p;
        double low = POW10[digits - 1];
        double high = POW10[digits];
        if (scaled < low + MARGIN || scaled > high - MARGIN) {
            return exact(v, mc);
        }
        double floor = Math.floor(scaled);
        double frac = scaled - floor;
        if (Math.abs(frac - 0.5) < MARGIN) {
            return exact(v, mc);
        }
        double m = frac > 0.5 ? floor + 1 : floor;
        double r = shift >= 0 ? m / p : m * p;
        return v < 0 ? -r : r;
    }

    /** The definition. */
    static double exact(double v, MathContext mc) {
        return Double.isFinite(v) ? new BigDecimal(v).round(mc).doubleValue() : v;
    }

    static double exact4(double v) {
        return exact(v, FOUR);
    }

    static double exact6(double v) {
        return exact(v, SIX);
    }
}
