package io.resilienceradar.scoring.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A series moved town by town (sorted copy shifted, exact sum kept, the mean taken from {@link MeanBound} when it
 * can decide it, percentiles recomputed only in the moved range) has, bit for bit, the threshold, mean and
 * percentiles of the same values loaded and sorted from scratch, for every comparison type; so has a series loaded
 * cold (mean from a sum in town order, threshold by selection, percentiles on demand), also when moved afterwards.
 */
class SeriesProperties {

    record Move(int town, double value) {
    }

    @Property(tries = 1_000)
    void aSeriesMovedTownByTownEqualsOneLoadedFromScratch(@ForAll("values") List<Double> initial,
                                                         @ForAll("comparisons") Comparison comparison,
                                                         @ForAll("moves") List<Move> moves,
                                                         @ForAll boolean cold) {
        int towns = initial.size();
        double[] start = initial.stream().mapToDouble(Double::doubleValue).toArray();
        Series moved = cold ? coldLoaded(start, comparison) : loaded(start, comparison);
        double[] values = initial.stream().mapToDouble(Double::doubleValue).toArray();
        int thresholdMoves = 0;
        for (Move m : moves) {
            int town = m.town() % towns;
            values[town] = m.value();
            double before = moved.threshold;
            if (moved.update(town, m.value())) {
                moved.refresh(new BitSet());
            }
            thresholdMoves += Double.compare(before, moved.threshold) != 0 ? 1 : 0;
            Series fresh = loaded(values, comparison);
            assertThat(Double.doubleToLongBits(moved.threshold)).as("threshold")
                    .isEqualTo(Double.doubleToLongBits(fresh.threshold));
            assertThat(Double.doubleToLongBits(moved.mean)).as("mean").isEqualTo(Double.doubleToLongBits(fresh.mean));
            assertThat(moved.percentiles()).as("percentiles").containsExactly(fresh.percentiles());
        }
        Statistics.label("a move changed the threshold").collect(thresholdMoves > 0);
    }

    @Property(tries = 3_000)
    void aSeriesLoadedColdEqualsOneLoadedAndSorted(@ForAll("values") List<Double> initial,
                                                   @ForAll("comparisons") Comparison comparison) {
        double[] values = initial.stream().mapToDouble(Double::doubleValue).toArray();
        Series cold = coldLoaded(values, comparison);
        Series reference = loaded(values, comparison);
        assertThat(Double.doubleToLongBits(cold.threshold)).as("threshold")
                .isEqualTo(Double.doubleToLongBits(reference.threshold));
        assertThat(Double.doubleToLongBits(cold.mean)).as("mean").isEqualTo(Double.doubleToLongBits(reference.mean));
        assertThat(cold.percentiles()).as("percentiles").containsExactly(reference.percentiles());
        assertThat(cold.size()).isEqualTo(reference.size());
    }

    @Property(tries = 3_000)
    void selectionGivesTheSortedOrderStatistic(@ForAll("values") List<Double> initial, @ForAll int seed) {
        double[] values = initial.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
        if (values.length == 0) {
            return;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int k = Math.floorMod(seed, values.length);
        double selected = Select.kth(values.clone(), values.length, k);
        assertThat(selected == sorted[k]).as("k=%d of %s: %s", k, java.util.Arrays.toString(sorted), selected).isTrue();
    }

    private static Series coldLoaded(double[] values, Comparison comparison) {
        Series s = new Series("x", comparison, values.length, null);
        for (int t = 0; t < values.length; t++) {
            s.set(t, values[t]);
        }
        s.loadCold();
        return s;
    }

    @Property(tries = 5_000)
    void theBoundedMeanRoundsAsTheSortedSum(@ForAll("values") List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        if (sorted.length == 0) {
            return;
        }
        BigDecimal exact = MeanBound.exactSum(sorted, sorted.length);
        double bound = MeanBound.roundedMean(exact, sorted, sorted.length);
        Statistics.label("decided by the bound").collect(!Double.isNaN(bound));
        if (!Double.isNaN(bound)) {
            assertThat(Double.doubleToLongBits(Round.sig4(bound)))
                    .isEqualTo(Double.doubleToLongBits(Round.sig4(SeriesStats.of(sorted, sorted.length).mean())));
        }
    }

    private static Series loaded(double[] values, Comparison comparison) {
        Series s = new Series("x", comparison, values.length, null);
        for (int t = 0; t < values.length; t++) {
            s.set(t, values[t]);
        }
        s.sortAll();
        s.refresh(new BitSet());
        return s;
    }

    /** Decimals as published (ties and rounding boundaries of 4 figures are common), some missing. */
    static Arbitrary<Double> value() {
        Arbitrary<Double> decimals = Arbitraries.integers().between(-20_000, 20_000).map(k -> k / 100.0);
        Arbitrary<Double> fewDistinct = Arbitraries.of(0.0, -0.0, 1.0, 2.5, 9.9995, 10.0, 99.995, 12.345);
        Arbitrary<Double> wide = Arbitraries.doubles().between(-1e6, 1e6);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, decimals), net.jqwik.api.Tuple.of(3, fewDistinct),
                net.jqwik.api.Tuple.of(2, wide), net.jqwik.api.Tuple.of(1, Arbitraries.just(Double.NaN)));
    }

    @Provide
    Arbitrary<List<Double>> values() {
        return value().list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Move>> moves() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), value()).as(Move::new)
                .list().ofMinSize(1).ofMaxSize(15);
    }

    @Provide
    Arbitrary<Comparison> comparisons() {
        return Combinators.combine(Arbitraries.of(Comparison.Type.values()),
                Arbitraries.of(0.5, 1.0, 10.0, 25.0, 50.0, 99.995)).as(Comparison::new);
    }
}
