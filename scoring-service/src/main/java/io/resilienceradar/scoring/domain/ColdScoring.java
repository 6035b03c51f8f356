package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.Membership;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One characteristic scored in columns: every town's membership and count of criteria met from the series'
 * primitive arrays (no evidence records), and the towns whose state can differ from the one scored on the previous
 * series. A town's state is a function of its variant, value, value's period and release, and percentile in each
 * criterion, of each series' threshold and mean, and of the characteristic's definition and the town (both the same
 * here); so a town none of whose inputs differs keeps its state, and only the others need their evidence built.
 * Percentiles are compared only where a series' values differ, since equal values give equal percentiles.
 */
final class ColdScoring {
    private final Characteristic characteristic;
    private final List<Town> towns;
    /** [criterion][variant]. */
    private final Series[][] series;
    /** [criterion][town] → variant, -1 = none. */
    private final int[][] variant;
    private int[] codes;

    ColdScoring(Characteristic characteristic, List<Town> towns, Series[][] series, int[][] variant) {
        this.characteristic = characteristic;
        this.towns = towns;
        this.series = series;
        this.variant = variant;
    }

    /** A state's membership and criteria met as one int, as {@link #memberships} computes them. */
    static int code(CharacteristicState state) {
        return state.membership().ordinal() << 8 | state.criteriaMet();
    }

    private static int code(Membership m, int met) {
        return m.ordinal() << 8 | met;
    }

    /** Every town's {@link #code}, computed as {@code ScoringEngine.evaluate} decides the membership. */
    int[] memberships() {
        int n = towns.size();
        int[] met = new int[n];
        boolean[] missing = new boolean[n];
        for (int k = 0; k < series.length; k++) {
            int[] of = variant[k];
            for (int v = 0; v < series[k].length; v++) {
                count(series[k][v], of, v, met, missing);
            }
            for (int t = 0; t < n; t++) {
                missing[t] |= of[t] < 0;
            }
        }
        int all = series.length;
        boolean gated = !characteristic.gates().isEmpty();
        codes = new int[n];
        for (int t = 0; t < n; t++) {
            Membership m;
            if (gated && !characteristic.admits(towns.get(t))) {
                m = Membership.NONE;
            } else if (missing[t]) {
                m = Membership.INSUFFICIENT_DATA;
            } else if (met[t] == all) {
                m = Membership.FULL;
            } else if (met[t] == all - 1) {
                m = Membership.PARTIAL;
            } else {
                m = Membership.NONE;
            }
            codes[t] = code(m, met[t]);
        }
        return codes;
    }

    /**
     * Adds to {@code met} the towns on variant {@code v} that meet {@code s}'s threshold and marks those without a
     * value missing; one loop per kind of comparison (as {@link Comparison#met}), not a switch per town.
     */
    private static void count(Series s, int[] of, int v, int[] met, boolean[] missing) {
        double[] x = s.valueByTown;
        double th = s.threshold;
        int n = of.length;
        for (int t = 0; t < n; t++) {
            if (of[t] == v && Double.isNaN(x[t])) {
                missing[t] = true;
            }
        }
        if (Double.isNaN(th)) {
            return;
        }
        // NaN compares false everywhere, so towns without a value add nothing
        switch (s.comparison.type()) {
            case ABOVE_MEAN, Z_ABOVE, ABOVE_VALUE -> {
                for (int t = 0; t < n; t++) {
                    met[t] += of[t] == v && x[t] > th ? 1 : 0;
                }
            }
            case BELOW_MEAN, Z_BELOW, BELOW_VALUE -> {
                for (int t = 0; t < n; t++) {
                    met[t] += of[t] == v && x[t] < th ? 1 : 0;
                }
            }
            case TOP_PERCENT -> {
                for (int t = 0; t < n; t++) {
                    met[t] += of[t] == v && x[t] >= th ? 1 : 0;
                }
            }
            case BOTTOM_PERCENT -> {
                for (int t = 0; t < n; t++) {
                    met[t] += of[t] == v && x[t] <= th ? 1 : 0;
                }
            }
            case EQUALS -> {
                for (int t = 0; t < n; t++) {
                    met[t] += of[t] == v && x[t] == th ? 1 : 0;
                }
            }
        }
    }

    /**
     * The towns whose state may differ from the one scored on {@code before} (the same characteristic's previous
     * series, variants and {@link #code}s, over the same towns). Call after {@link #memberships}.
     */
    BitSet changedSince(Series[][] before, int[][] beforeVariant, int[] beforeCodes) {
        int n = towns.size();
        BitSet changed = new BitSet(n);
        for (int t = 0; t < n; t++) {
            if (codes[t] != beforeCodes[t]) {
                changed.set(t);
            }
        }
        for (int k = 0; k < series.length; k++) {
            int[] of = variant[k];
            int[] was = beforeVariant[k];
            if (of != was) {
                for (int t = 0; t < n; t++) {
                    if (of[t] != was[t]) {
                        changed.set(t);
                    }
                }
            }
            for (int v = 0; v < series[k].length; v++) {
                compare(before[k][v], series[k][v], v, of, changed);
            }
        }
        return changed;
    }

    private static void compare(Series old, Series now, int v, int[] of, BitSet changed) {
        if (old == now) {
            return;
        }
        int n = of.length;
        if (!old.indicator.equals(now.indicator) || !old.comparison.equals(now.comparison)
                || Double.compare(old.threshold, now.threshold) != 0 || Double.compare(old.mean, now.mean) != 0) {
            // every town's evidence on this variant shows the threshold and the mean
            for (int t = 0; t < n; t++) {
                if (of[t] == v) {
                    changed.set(t);
                }
            }
            return;
        }
        boolean sameColumn = old.column == now.column;
        boolean sameValues = Arrays.equals(old.valueByTown, now.valueByTown);
        if (sameColumn && sameValues) {
            return;
        }
        for (int t = 0; t < n; t++) {
            if (of[t] != v) {
                continue;
            }
            double x = now.valueByTown[t];
            if (Double.compare(old.valueByTown[t], x) != 0
                    || !sameColumn && (!Objects.equals(old.column.latest[t], now.column.latest[t])
                    || !Objects.equals(old.column.period[t], now.column.period[t]))
                    || !sameValues && !Double.isNaN(x) && old.percentile(t) != now.percentile(t)) {
                changed.set(t);
            }
        }
    }
}
