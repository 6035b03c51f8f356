package io.resilienceradar.scoring.domain;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One criterion variant's values over the towns scored on it, kept sorted so that a changed town costs a binary
 * search and an array shift, and the threshold, mean and percentiles follow without re-sorting.
 */
final class Series {
    final String indicator;
    final Comparison comparison;
    final double[] valueByTown;
    final int[] percentile;
    private double[] sorted;
    private int n;
    double threshold = Double.NaN;
    double mean = Double.NaN;

    Series(String indicator, Comparison comparison, int towns) {
        this.indicator = indicator;
        this.comparison = comparison;
        this.valueByTown = new double[towns];
        this.percentile = new int[towns];
        Arrays.fill(valueByTown, Double.NaN);
        Arrays.fill(percentile, -1);
        this.sorted = new double[16];
    }

    /** Bulk load (full recompute): values set with {@link #set}, then sorted once. */
    void set(int town, double value) {
        valueByTown[town] = value;
    }

    void sortAll() {
        sorted = new double[Math.max(16, valueByTown.length)];
        n = 0;
        for (double v : valueByTown) {
            if (!Double.isNaN(v)) {
                sorted[n++] = v;
            }
        }
        Arrays.sort(sorted, 0, n);
    }

    /** Incremental: moves one town's value; false when it did not change. */
    boolean update(int town, double value) {
        double old = valueByTown[town];
        if (Double.compare(old, value) == 0) {
            return false;
        }
        if (!Double.isNaN(old)) {
            int i = Arrays.binarySearch(sorted, 0, n, old);
            System.arraycopy(sorted, i + 1, sorted, i, n - i - 1);
            n--;
        }
        if (!Double.isNaN(value)) {
            if (n == sorted.length) {
                sorted = Arrays.copyOf(sorted, n * 2);
            }
            int i = Arrays.binarySearch(sorted, 0, n, value);
            if (i < 0) {
                i = -i - 1;
            }
            System.arraycopy(sorted, i, sorted, i + 1, n - i);
            sorted[i] = value;
            n++;
        }
        valueByTown[town] = value;
        return true;
    }

    /**
     * Recomputes the statistics. Returns true when the published threshold or mean moved (every town must be
     * re-evaluated); otherwise marks in {@code dirty} the towns whose percentile moved.
     */
    boolean refresh(BitSet dirty) {
        SeriesStats stats = SeriesStats.of(sorted, n);
        double t = Round.sig4(comparison.threshold(stats));
        double m = Round.sig4(stats.mean());
        boolean moved = Double.compare(t, threshold) != 0 || Double.compare(m, mean) != 0;
        threshold = t;
        mean = m;
        for (int town = 0; town < valueByTown.length; town++) {
            double v = valueByTown[town];
            int p = Double.isNaN(v) ? -1 : stats.percentile(v);
            if (p != percentile[town]) {
                percentile[town] = p;
                dirty.set(town);
            }
        }
        return moved;
    }

    int size() {
        return n;
    }
}
