package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.Membership;
import org.junit.jupiter.api.Test;

import static io.resilienceradar.scoring.domain.EngineFixtureTest.TOWNS;
import static io.resilienceradar.scoring.domain.EngineFixtureTest.rulebook;
import static io.resilienceradar.scoring.domain.EngineFixtureTest.values;
import static io.resilienceradar.scoring.domain.Fixture.engine;
import static io.resilienceradar.scoring.domain.Fixture.evidence;
import static io.resilienceradar.scoring.domain.Fixture.state;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rulebook version keeps what it can (resolved values when the catalogue is the same, the series of unchanged
 * criteria, equal evidence records) and still scores as a fresh engine would.
 */
class RulebookCacheTest {

    static final String RATIO = """
              - id: b
                letter: B
                name: B
                criteria:
                  - {id: B1, indicator: ratio_xy, compare: above_mean}
                  - {id: B2, indicator: x, compare: above_value, value: 0}
                  - {id: B3, indicator: x, compare: above_value, value: 0}
                  - {id: B4, indicator: x, compare: above_value, value: 0}
            """;

    static ScoringEngine world(String compareA1, String extra) {
        ScoringEngine e = engine(rulebook(compareA1, extra), TOWNS);
        values(e, "x", "x", 10, 20, 30, 40, 50);
        values(e, "y", "y", 1, 2, 1, 2, 1);
        values(e, "w", "w", 5, 5, 5, 5, 5);
        return e;
    }

    @Test
    void aRulebookWithTheSameCatalogueReusesUnchangedStatesAndRescoresTheChangedCriterion() {
        ScoringEngine e = world("compare: above_mean", "");
        CharacteristicState n1 = state(e, "E63000001", "N");
        assertThat(a(e, 4)).isEqualTo(Membership.PARTIAL);
        var delta = e.applyRulebook(Fixture.rulebook(rulebook("compare: top_percent, value: 20", "")
                .replace("\"t1\"", "\"t2\"")));
        // N's criteria are unchanged: the very same state object, no delta
        assertThat(state(e, "E63000001", "N")).isSameAs(n1);
        assertThat(delta.changes()).allSatisfy(d -> assertThat(d.after().letter()).isEqualTo("A"));
        // A1 moved from the mean (30) to the top 20% (50): town 4 drops out
        assertThat(evidence(e, "E63000004", "A", "A1").threshold()).isEqualTo(50.0);
        assertThat(a(e, 4)).isEqualTo(Membership.NONE);
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
        // and back: the mean threshold is computed again, not remembered wrongly
        e.applyRulebook(Fixture.rulebook(rulebook("compare: above_mean", "").replace("\"t1\"", "\"t3\"")));
        assertThat(evidence(e, "E63000004", "A", "A1").threshold()).isEqualTo(30.0);
        assertThat(a(e, 4)).isEqualTo(Membership.PARTIAL);
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
    }

    @Test
    void withoutCachesTheScoresAreTheSameAndNothingChanges() {
        ScoringEngine e = world("compare: z_above, value: 0.5", RATIO);
        var before = e.towns();
        assertThat(e.rescoreWithoutCaches().changes()).isEmpty();
        assertThat(e.towns()).isEqualTo(before).isEqualTo(e.recomputeFromScratch());
    }

    @Test
    void aChangedDerivationInTheCatalogueIsResolvedAgain() {
        ScoringEngine e = world("compare: above_mean", RATIO);
        assertThat(evidence(e, "E63000002", "B", "B1").value()).isEqualTo(10.0);  // 20 / 2
        String scaled = rulebook("compare: above_mean", RATIO).replace("\"t1\"", "\"t2\"")
                .replace("{type: ratio, numerator: x, denominator: y}",
                        "{type: ratio, numerator: x, denominator: y, scale: 100}");
        var delta = e.applyRulebook(Fixture.rulebook(scaled));
        assertThat(evidence(e, "E63000002", "B", "B1").value()).isEqualTo(1000.0);
        assertThat(delta.changes()).extracting(d -> d.after().letter()).containsOnly("B");
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
    }

    static Membership a(ScoringEngine e, int town) {
        return state(e, "E6300000" + town, "A").membership();
    }
}
