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
    /** {@code comparison.describe()}, as every evidence shows it. */
    final String described;
    final double[] valueByTown;
    /** By town, -1 = no value; not yet computed (null) while {@link #percentilesPending}: see {@link #percentile}. */
    private int[] percentile;
    /**
     * Loaded {@link #loadCold cold}: the percentiles (and the sorted copy) are computed when first asked for, or
     * before the first change, rather than in the scoring pass, which needs only the threshold and the mean.
     */
    private boolean percentilesPending;
    private double[] sorted;
    private int n;
    double threshold = Double.NaN;
    double mean = Double.NaN;
    /**
     * Since the last {@link #refresh}: whether a value appeared or disappeared (then every percentile is recomputed),
     * else the range the moved values span (only towns inside it can change rank, the count being the same).
     */
    private boolean everyone = true;
    private double movedLow = Double.POSITIVE_INFINITY;
    private double movedHigh = Double.NEGATIVE_INFINITY;
    /** Values were {@link #put} since the sorted copy was last built. */
    private boolean unsorted;
    /**
     * A running sum of the values and a bound of its distance from the exact sum, kept by {@link #update} once a
     * single town has moved (invalid until then, after a bulk change, and once the bound no longer decides the
     * mean): it bounds the mean the full recompute would get, see {@link MeanBound}.
     */
    private boolean summed;
    private double runningSum;
    private double runningError;
    /**
     * The town at each position of {@code sorted} (null until a single town moves, and after a bulk change): the
     * towns whose percentile can change after a one-town move are those in a range of positions, found by two
     * binary searches instead of a scan of every town.
     */
    private int[] townAt;
    /** The column the values are read from. */
    final Resolver.Column column;

    Series(String indicator, Comparison comparison, int towns, Resolver.Column column) {
        this.column = column;
        this.indicator = indicator;
        this.comparison = comparison;
        this.described = comparison.describe();
        this.valueByTown = new double[towns];
        this.percentile = new int[towns];
        Arrays.fill(valueByTown, Double.NaN);
        Arrays.fill(percentile, -1);
        this.sorted = new double[16];
    }

    /** A series of {@code valueByTown} (NaN = no value; the array is the series' own from now on), loaded cold. */
    Series(String indicator, Comparison comparison, double[] valueByTown, Resolver.Column column) {
        this.column = column;
        this.indicator = indicator;
        this.comparison = comparison;
        this.described = comparison.describe();
        this.valueByTown = valueByTown;
        this.sorted = new double[16];
        loadCold();
    }

    /** Bulk load (full recompute): values set with {@link #set}, then {@link #loadCold} or sorted once. */
    void set(int town, double value) {
        valueByTown[town] = value;
    }

    void sortAll() {
        summed = false;
        townAt = null;
        sorted = new double[Math.max(16, valueByTown.length)];
        n = 0;
        for (double v : valueByTown) {
            if (!Double.isNaN(v)) {
                sorted[n++] = v;
            }
        }
        Arrays.sort(sorted, 0, n);
        everyone = true;
        unsorted = false;
    }

    /**
     * Cold load of the values {@link #set}: the threshold and mean in O(n) without sorting — the mean from a sum in
     * town order whose rounding {@link MeanBound} proves equal to the sorted sum's, a top/bottom N% threshold by
     * selection. Falls back to the sorted statistics when the bound cannot decide the mean and for z-scores (which
     * need the standard deviation summed in sorted order). Percentiles wait for {@link #percentile(int)}.
     */
    void loadCold() {
        summed = false;
        townAt = null;
        int count = 0;
        double sum = 0;
        double maxAbs = 0;
        for (double v : valueByTown) {
            if (!Double.isNaN(v)) {
                sum += v;
                maxAbs = Math.max(maxAbs, Math.abs(v));
                count++;
            }
        }
        n = count;
        unsorted = true;
        percentilesPending = true;
        double rawMean = count == 0 || comparison.needsSd() ? Double.NaN : MeanBound.roundedMean(sum, maxAbs, count);
        double raw;
        if (Double.isNaN(rawMean)) {
            sortAll();
            SeriesStats stats = SeriesStats.of(sorted, n);
            rawMean = stats.mean();
            raw = comparison.threshold(stats);
        } else {
            raw = switch (comparison.type()) {
                case TOP_PERCENT -> Select.kth(nonMissing(count), count, SeriesStats.topIndex(count, comparison.value()));
                case BOTTOM_PERCENT ->
                        Select.kth(nonMissing(count), count, SeriesStats.bottomIndex(count, comparison.value()));
                default -> comparison.threshold(new SeriesStats(null, count, rawMean, Double.NaN));
            };
        }
        threshold = Round.sig4(raw);
        mean = Round.sig4(rawMean);
    }

    /** Selection's scratch copy, one per thread (series are loaded on two threads for a large universe). */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private double[] nonMissing(int count) {
        double[] out = SCRATCH.get();
        if (out.length < count) {
            out = new double[count];
            SCRATCH.set(out);
        }
        int i = 0;
        for (double v : valueByTown) {
            if (!Double.isNaN(v)) {
                out[i++] = v;
            }
        }
        return out;
    }

    /** The town's percentile (-1 = no value), computing every town's on first use after a cold load. */
    int percentile(int town) {
        if (percentilesPending) {
            computePercentiles();
        }
        return percentile[town];
    }

    /** Every percentile, as {@link #percentile(int)} gives them. */
    int[] percentiles() {
        if (percentilesPending) {
            computePercentiles();
        }
        return percentile.clone();
    }

    /** The percentiles a full refresh would give, so the incremental bookkeeping can start from a cold load. */
    private void computePercentiles() {
        if (unsorted) {
            sortAll();
        }
        SeriesStats stats = new SeriesStats(sorted, n, Double.NaN, Double.NaN);
        if (percentile == null) {
            percentile = new int[valueByTown.length];
        }
        for (int town = 0; town < valueByTown.length; town++) {
            double v = valueByTown[town];
            percentile[town] = Double.isNaN(v) ? -1 : stats.percentile(v);
        }
        percentilesPending = false;
        everyone = false;
    }

    /**
     * Incremental, for many towns at once (a large release): sets the value and leaves the sorted copy to be rebuilt
     * once, by one sort, at the next {@link #refresh}, instead of an array shift per town. False when it did not
     * change.
     */
    boolean put(int town, double value) {
        if (percentilesPending) {
            computePercentiles(); // the refresh marks towns whose percentile moved: it needs the ones before
        }
        if (Double.compare(valueByTown[town], value) == 0) {
            return false;
        }
        valueByTown[town] = value;
        unsorted = true;
        summed = false;
        townAt = null;
        return true;
    }

    /** Incremental: moves one town's value; false when it did not change. */
    boolean update(int town, double value) {
        if (percentilesPending) {
            computePercentiles();
        }
        if (unsorted) {
            sortAll();
        }
        double old = valueByTown[town];
        if (Double.compare(old, value) == 0) {
            return false;
        }
        if (!summed) {
            runningSum = MeanBound.exactSum(sorted, n).doubleValue();
            runningError = Math.ulp(runningSum);
            summed = true;
        }
        if (townAt == null) {
            indexPositions();
        }
        // each addition's rounding error is at most half an ulp of its result
        if (!Double.isNaN(old)) {
            runningSum -= old;
            runningError += Math.ulp(runningSum);
        }
        if (!Double.isNaN(value)) {
            runningSum += value;
            runningError += Math.ulp(runningSum);
        }
        if (Double.isNaN(old) || Double.isNaN(value)) {
            everyone = true;
        } else {
            movedLow = Math.min(movedLow, Math.min(old, value));
            movedHigh = Math.max(movedHigh, Math.max(old, value));
        }
        if (!Double.isNaN(old)) {
            int i = lowerBound(old);
            while (townAt[i] != town) {
                i++;
            }
            System.arraycopy(sorted, i + 1, sorted, i, n - i - 1);
            System.arraycopy(townAt, i + 1, townAt, i, n - i - 1);
            n--;
        }
        if (!Double.isNaN(value)) {
            if (n == sorted.length) {
                sorted = Arrays.copyOf(sorted, n * 2);
                townAt = Arrays.copyOf(townAt, n * 2);
            }
            int i = lowerBound(value);
            System.arraycopy(sorted, i, sorted, i + 1, n - i);
            System.arraycopy(townAt, i, townAt, i + 1, n - i);
            sorted[i] = value;
            townAt[i] = town;
            n++;
        }
        valueByTown[town] = value;
        return true;
    }

    /** Builds {@link #townAt} from the values and their sorted copy (towns of equal values in town order). */
    private void indexPositions() {
        townAt = new int[sorted.length];
        int[] taken = new int[n];
        for (int town = 0; town < valueByTown.length; town++) {
            double v = valueByTown[town];
            if (!Double.isNaN(v)) {
                int first = lowerBound(v);
                townAt[first + taken[first]++] = town;
            }
        }
    }

    private int lowerBound(double v) {
        return SeriesStats.lowerBound(sorted, n, v);
    }

    private int upperBound(double v) {
        return SeriesStats.upperBound(sorted, n, v);
    }

    /**
     * Recomputes the statistics. Returns true when the published threshold or mean moved (every town must be
     * re-evaluated); otherwise marks in {@code dirty} the towns whose percentile moved.
     */
    boolean refresh(BitSet dirty) {
        if (unsorted) {
            sortAll();
        }
        SeriesStats stats = stats();
        double t = Round.sig4(comparison.threshold(stats));
        double m = Round.sig4(stats.mean());
        boolean moved = Double.compare(t, threshold) != 0 || Double.compare(m, mean) != 0;
        threshold = t;
        mean = m;
        // a town's percentile counts the values below and equal to its own out of n: with n unchanged, moving values
        // within [low, high] changes those counts only for values inside that range
        double low = everyone ? Double.NEGATIVE_INFINITY : movedLow;
        double high = everyone ? Double.POSITIVE_INFINITY : movedHigh;
        if (everyone) {
            for (int town = 0; town < valueByTown.length; town++) {
                double v = valueByTown[town];
                repercentile(town, Double.isNaN(v) ? -1 : stats.percentile(v), dirty);
            }
        } else if (low <= high) {
            // only one-town moves since the positions were indexed (a bulk change sets everyone)
            for (int i = lowerBound(low), end = upperBound(high); i < end; i++) {
                repercentile(townAt[i], stats.percentile(sorted[i]), dirty);
            }
        }
        everyone = false;
        movedLow = Double.POSITIVE_INFINITY;
        movedHigh = Double.NEGATIVE_INFINITY;
        return moved;
    }

    private void repercentile(int town, int p, BitSet dirty) {
        if (p != percentile[town]) {
            percentile[town] = p;
            dirty.set(town);
        }
    }

    /**
     * The statistics. Only the rounded threshold and mean are published, so after a one-town change a series whose
     * threshold needs no standard deviation takes a mean that rounds as the full recompute's would (proved from the
     * exact sum, O(1)) instead of summing every value again; when that cannot be proved, or for z-scores, the sums
     * are run as in the full recompute.
     */
    private SeriesStats stats() {
        if (summed && n > 0 && !comparison.needsSd()) {
            double mean = MeanBound.roundedMean(runningSum, runningError, sorted, n);
            if (!Double.isNaN(mean)) {
                return new SeriesStats(sorted, n, mean, Double.NaN);
            }
            summed = false; // start again from the exact sum at the next move, in case the error bound grew too wide
        }
        return SeriesStats.of(sorted, n);
    }

    int size() {
        return n;
    }
}
