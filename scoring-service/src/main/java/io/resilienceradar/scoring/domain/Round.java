package io.resilienceradar.scoring.domain;

import java.math.BigDecimal;
import java.math.MathContext;

/** Rounding of published numbers: thresholds and means to 4 significant figures, derived values to 6. */
final class Round {
    private static final MathContext FOUR = new MathContext(4);
    private static final MathContext SIX = new MathContext(6);

    private Round() {
    }

    static double sig4(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(FOUR).doubleValue() : v;
    }

    static double sig6(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(SIX).doubleValue() : v;
    }
}
