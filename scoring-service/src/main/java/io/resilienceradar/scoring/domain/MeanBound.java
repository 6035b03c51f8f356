package io.resilienceradar.scoring.domain;

import java.math.BigDecimal;

/**
 * The mean of a series as the full recompute publishes it, {@code Round.sig4(Σ sorted / n)} with the sum run in
 * ascending order, derived in O(1) from the exact sum after a one-town change.
 *
 * <p>Recursive summation of n values has an error of at most γ(n-1)·Σ|x| (γ(k) = k·u / (1 - k·u), u = 2^-53) and
 * the division adds a relative u; Σ|x| ≤ n·max|x|, and max|x| is at either end of the sorted values. So the
 * recompute's mean lies within a computable interval around the exact mean; when both ends of that (generously
 * widened) interval round to the same 4 significant figures, rounding is monotone, so that is the published mean.
 * Otherwise the caller sums as the full recompute does.
 *
 * <p>The sum itself need not be exact, only bounded: a series keeps a running double sum and the bound of its
 * accumulated rounding error (half an ulp of each partial result), which costs two additions per moved town, where
 * an exact {@link BigDecimal} sum cost a big-integer conversion per refresh.
 */
final class MeanBound {
    private static final double U = 0x1p-53;

    private MeanBound() {
    }

    static BigDecimal exactSum(double[] sorted, int n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            sum = sum.add(new BigDecimal(sorted[i]));
        }
        return sum;
    }

    /**
     * A value whose {@code Round.sig4} equals that of the full recompute's mean, or NaN when the bound cannot
     * decide it.
     */
    static double roundedMean(BigDecimal exactSum, double[] sorted, int n) {
        double sum = exactSum.doubleValue(); // within u·|exact sum|
        return roundedMean(sum, 2 * U * Math.abs(sum), sorted, n);
    }

    /**
     * As above from a sum of the n values in any order (itself within the recursive-summation bound of the exact
     * sum) and their largest magnitude.
     */
    static double roundedMean(double anyOrderSum, double maxAbs, int n) {
        double k = (n - 1) * U;
        if (k >= 0.5) {
            return Double.NaN;
        }
        return bounded(anyOrderSum, k / (1 - k) * n * maxAbs, maxAbs, n);
    }

    /** As above from an approximate sum {@code sum} whose distance from the exact sum is at most {@code sumError}. */
    static double roundedMean(double sum, double sumError, double[] sorted, int n) {
        return bounded(sum, sumError, Math.max(Math.abs(sorted[0]), Math.abs(sorted[n - 1])), n);
    }

    private static double bounded(double sum, double sumError, double max, int n) {
        double k = (n - 1) * U;
        if (k >= 0.5) {
            return Double.NaN;
        }
        double error = k / (1 - k) * n * max + sumError;
        // the relative 1e-12 covers the division's rounding and that of this very arithmetic, with room to spare
        double slack = (error + 1e-12 * (Math.abs(sum) + error)) / n;
        double mean = sum / n;
        double low = mean - slack;
        double high = mean + slack;
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            return Double.NaN;
        }
        return Double.compare(Round.sig4(low), Round.sig4(high)) == 0 ? low : Double.NaN;
    }
}
