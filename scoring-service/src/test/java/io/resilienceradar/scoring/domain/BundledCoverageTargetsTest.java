package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.Membership;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's coverage targets, measured with the engine on everything bundled: at least 40 of the 56 criteria on
 * real series, and at least 9 of the 14 characteristics evaluable (not insufficient data) for at least 80% of
 * English towns.
 */
class BundledCoverageTargetsTest {
    static ScoringEngine engine;

    @BeforeAll
    static void score() {
        engine = BundledData.engineWithAll();
    }

    /** Criteria (id) for which at least one town has a value: the series behind them is published and bundled. */
    static Set<String> criteriaOnRealSeries() {
        Set<String> out = new TreeSet<>();
        for (TownScore t : engine.towns()) {
            for (CharacteristicState s : t.characteristics()) {
                s.criteria().stream().filter(e -> e.value() != null).forEach(e -> out.add(e.criterionId()));
            }
        }
        return out;
    }

    /** Per characteristic letter, the share (%) of English towns for which it is evaluable. */
    static Map<String, Double> evaluableShareOfEnglishTowns() {
        List<TownScore> english = engine.towns().stream().filter(t -> "England".equals(t.country())).toList();
        Map<String, Double> out = new TreeMap<>();
        for (TownScore t : english) {
            for (CharacteristicState s : t.characteristics()) {
                out.merge(s.letter(), s.membership() == Membership.INSUFFICIENT_DATA ? 0.0 : 100.0 / english.size(),
                        Double::sum);
            }
        }
        return out;
    }

    @Test
    void atLeastFortyOfTheFiftySixCriteriaRestOnRealSeries() {
        Set<String> real = criteriaOnRealSeries();
        System.out.println("criteria on real series: " + real.size() + " " + real);
        assertThat(real).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void atLeastNineCharacteristicsAreEvaluableForEightyPercentOfEnglishTowns() {
        Map<String, Double> shares = evaluableShareOfEnglishTowns();
        System.out.println("evaluable share of English towns by characteristic: " + shares);
        assertThat(shares.values().stream().filter(v -> v >= 80.0)).hasSizeGreaterThanOrEqualTo(9);
    }
}
