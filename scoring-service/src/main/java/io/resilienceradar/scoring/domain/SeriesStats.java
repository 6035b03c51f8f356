package io.resilienceradar.scoring.domain;

/**
 * Statistics of one criterion's values over the towns that have one, computed from the values in ascending
 * order: the sums run in that order, so the same multiset of values gives bit-identical results however it was
 * reached (incremental or full), which is what lets the incremental engine equal the full recompute exactly.
 */
record SeriesStats(double[] sorted, int n, double mean, double sd) {

    static SeriesStats of(double[] sorted, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += sorted[i];
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = sorted[i] - mean;
            sq += d * d;
        }
        double sd = n < 2 ? 0 : Math.sqrt(sq / (n - 1));
        return new SeriesStats(sorted, n, mean, sd);
    }

    /** The smallest value among the top {@code percent}% of towns (at least one town). */
    double topPercent(double percent) {
        if (n == 0) {
            return Double.NaN;
        }
        return sorted[topIndex(n, percent)];
    }

    /** The position, in ascending order, of the smallest value among the top {@code percent}% of n > 0 values. */
    static int topIndex(int n, double percent) {
        int k = Math.max(1, (int) Math.round(n * percent / 100.0));
        return n - Math.min(k, n);
    }

    /** The position, in ascending order, of the largest value among the bottom {@code percent}% of n > 0 values. */
    static int bottomIndex(int n, double percent) {
        int k = Math.max(1, (int) Math.round(n * percent / 100.0));
        return Math.min(k, n) - 1;
    }

    /** The largest value among the bottom {@code percent}% of towns (at least one town). */
    double bottomPercent(double percent) {
        if (n == 0) {
            return Double.NaN;
        }
        return sorted[bottomIndex(n, percent)];
    }

    /** The town's percentile (0-100, mid-rank for ties), rounded to a whole number. */
    int percentile(double v) {
        int lo = lowerBound(sorted, n, v);
        int hi = upperBound(sorted, n, v);
        return (int) Math.round(100.0 * (lo + 0.5 * (hi - lo)) / n);
    }

    /** First index of {@code sorted[0..n)} whose value is >= v (shared with {@link Series}'s position index). */
    static int lowerBound(double[] sorted, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index of {@code sorted[0..n)} whose value is > v. */
    static int upperBound(double[] sorted, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
