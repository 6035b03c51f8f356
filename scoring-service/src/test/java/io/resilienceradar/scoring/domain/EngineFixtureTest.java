package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.resilienceradar.scoring.domain.Fixture.engine;
import static io.resilienceradar.scoring.domain.Fixture.evidence;
import static io.resilienceradar.scoring.domain.Fixture.release;
import static io.resilienceradar.scoring.domain.Fixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-checked expectations on a five-town fixture: every comparison, gate, aggregation rule and missing data. */
class EngineFixtureTest {
    static final String[] TOWNS = {"E63000001:England:Coastal", "E63000002:England:Non-coastal",
            "E63000003:England:Non-coastal", "E63000004:Wales:Coastal", "E63000005:England:Non-coastal",
            "E63000009:England:Non-coastal:Major"};

    static String rulebook(String compareA1, String extra) {
        return """
                version: "t1"
                indicators:
                  - {id: x, aggregation: mean}
                  - {id: y, aggregation: mean}
                  - {id: w, aggregation: mean}
                  - {id: pop, aggregation: sum}
                  - {id: num, aggregation: sum}
                  - {id: den, aggregation: sum}
                  - {id: rate, aggregation: mean}
                  - {id: sh, aggregation: share, numerator: num, denominator: den}
                  - {id: growth, derived: {type: change_pct, of: pop, from: "2001"}}
                  - {id: ratio_xy, derived: {type: ratio, numerator: x, denominator: y}}
                characteristics:
                  - id: a
                    letter: A
                    name: A
                    criteria:
                      - {id: A1, indicator: x, %s}
                      - {id: A2, indicator: y, compare: below_value, value: 100}
                      - {id: A3, indicator: y, compare: above_value, value: 0}
                      - {id: A4, indicator: y, compare: below_mean}
                  - id: n
                    letter: N
                    name: N
                    gates: [coastal]
                    criteria:
                      - {id: N1, indicator: x, compare: above_value, value: 0}
                      - {id: N2, indicator: x, compare: above_value, value: 0}
                      - {id: N3, indicator: x, compare: above_value, value: 0}
                      - {id: N4, indicator: w, compare: above_value, value: 0, countries: [England], substitutes: [{country: Wales, indicator: y, compare: above_value, value: 0}]}
                %s
                """.formatted(compareA1, extra);
    }

    static void values(ScoringEngine e, String dataset, String indicator, double... v) {
        List<Observation> rows = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            rows.add(Observation.of(indicator, "E6300000" + (i + 1), "2021", v[i]));
        }
        e.apply(release(dataset, 1, ReleaseMetadata.KIND_OBSERVATIONS), rows);
    }

    static Membership a(ScoringEngine e, int town) {
        return state(e, "E6300000" + town, "A").membership();
    }

    @Test
    void universeIsTheRegisterWithoutMajorTowns() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        assertThat(e.towns()).extracting(TownScore::townCode)
                .containsExactly("E63000001", "E63000002", "E63000003", "E63000004", "E63000005");
    }

    @Test
    void aboveMeanWithFullAndPartialMembership() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        values(e, "x", "x", 10, 20, 30, 40, 50);            // mean 30
        values(e, "y", "y", 1, 1, 1, 1, 50);                // mean 10.8: y below mean for towns 1-4
        var ev = evidence(e, "E63000004", "A", "A1");
        assertThat(ev.threshold()).isEqualTo(30.0);
        assertThat(ev.townsMean()).isEqualTo(30.0);
        assertThat(ev.value()).isEqualTo(40.0);
        assertThat(ev.percentile()).isEqualTo(70.0);       // 3 below + half of itself, of 5
        assertThat(ev.met()).isTrue();
        assertThat(ev.releaseId()).isEqualTo("x/e1/1");
        assertThat(ev.period()).isEqualTo("2021");
        assertThat(a(e, 4)).isEqualTo(Membership.FULL);     // all four
        assertThat(a(e, 3)).isEqualTo(Membership.PARTIAL);  // 30 is not above 30
        assertThat(a(e, 5)).isEqualTo(Membership.PARTIAL);  // y = 50 not below mean
        assertThat(state(e, "E63000001", "A").criteriaMet()).isEqualTo(3);
    }

    @Test
    void everyRelativeComparison() {
        double[] xs = {10, 20, 30, 40, 50};
        record Case(String compare, double threshold, boolean[] met) {
        }
        List<Case> cases = List.of(
                new Case("compare: below_mean", 30, new boolean[]{true, true, false, false, false}),
                new Case("compare: top_percent, value: 40", 40, new boolean[]{false, false, false, true, true}),
                new Case("compare: bottom_percent, value: 20", 10, new boolean[]{true, false, false, false, false}),
                // sd of 10..50 = 15.81; mean + 0.5 sd = 37.91
                new Case("compare: z_above, value: 0.5", 37.91, new boolean[]{false, false, false, true, true}),
                new Case("compare: z_below, value: 1", 14.19, new boolean[]{true, false, false, false, false}),
                new Case("compare: equals, value: 20", 20, new boolean[]{false, true, false, false, false}));
        for (Case c : cases) {
            ScoringEngine e = engine(rulebook(c.compare(), ""), TOWNS);
            values(e, "x", "x", xs);
            for (int t = 1; t <= 5; t++) {
                var ev = evidence(e, "E6300000" + t, "A", "A1");
                assertThat(ev.threshold()).as(c.compare()).isCloseTo(c.threshold(), within(0.01));
                assertThat(ev.met()).as(c.compare() + " town " + t).isEqualTo(c.met()[t - 1]);
            }
        }
    }

    @Test
    void aCriterionWithoutDataIsInsufficientNeverSilentlyNone() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        values(e, "x", "x", 10, 20, 30, 40, 50);
        assertThat(a(e, 4)).isEqualTo(Membership.INSUFFICIENT_DATA);   // no y at all
        var ev = evidence(e, "E63000004", "A", "A2");
        assertThat(ev.met()).isNull();
        assertThat(ev.note()).isEqualTo("no data for this town");
        // a suppressed value (ONS marking) is no value either
        e.apply(release("y", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("y", "E63000001", "2021", 1), Observation.of("y", "E63000002", "2021", 1),
                Observation.of("y", "E63000003", "2021", 1), new Observation("y", "E63000004", "2021", null, "x", null),
                Observation.of("y", "E63000005", "2021", 1)));
        assertThat(a(e, 4)).isEqualTo(Membership.INSUFFICIENT_DATA);
        assertThat(evidence(e, "E63000004", "A", "A2").note()).isEqualTo("value marked x");
        assertThat(a(e, 5)).isNotEqualTo(Membership.INSUFFICIENT_DATA);
    }

    @Test
    void gateKeepsNonCoastalTownsOutAndWalesUsesItsSubstitute() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        values(e, "x", "x", 1, 1, 1, 1, 1);
        values(e, "w", "w", 1, 1, 1, 1, 1);
        values(e, "y", "y", 1, 1, 1, 1, 1);
        assertThat(state(e, "E63000001", "N").membership()).isEqualTo(Membership.FULL);   // coastal, England: w
        assertThat(state(e, "E63000002", "N").membership()).isEqualTo(Membership.NONE);   // gated out
        assertThat(state(e, "E63000002", "N").criteriaMet()).isEqualTo(4);
        var wales = evidence(e, "E63000004", "N", "N4");
        assertThat(wales.indicator()).isEqualTo("y");
        assertThat(state(e, "E63000004", "N").membership()).isEqualTo(Membership.FULL);
    }

    @Test
    void aCountryWithoutSeriesOrSubstituteIsInsufficient() {
        String yaml = rulebook("compare: above_mean", "").replace(", substitutes: [{country: Wales, indicator: y, compare: above_value, value: 0}]", "");
        ScoringEngine e = engine(yaml, TOWNS);
        values(e, "x", "x", 1, 1, 1, 1, 1);
        values(e, "w", "w", 1, 1, 1, 1, 1);
        assertThat(state(e, "E63000004", "N").membership()).isEqualTo(Membership.INSUFFICIENT_DATA);
        assertThat(evidence(e, "E63000004", "N", "N4").note()).isEqualTo("no comparable series for Wales");
    }

    @Test
    void smallAreasAggregateBySumWeightedMeanAndShareWithCoverage() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        // town 1 has three LSOAs (weights 100, 100, 200), town 2 has two
        e.apply(release("lookup", 1, ReleaseMetadata.KIND_LOOKUP), List.of(
                new Observation("town", "E01000001", "2021", null, null, "E63000001"),
                new Observation("town", "E01000002", "2021", null, null, "E63000001"),
                new Observation("town", "E01000003", "2021", null, null, "E63000001"),
                new Observation("town", "E01000004", "2021", null, null, "E63000002"),
                new Observation("town", "E01000005", "2021", null, null, "E63000002"),
                Observation.of("weight", "E01000001", "2021", 100), Observation.of("weight", "E01000002", "2021", 100),
                Observation.of("weight", "E01000003", "2021", 200), Observation.of("weight", "E01000004", "2021", 100),
                Observation.of("weight", "E01000005", "2021", 900)));
        e.apply(release("small", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("x", "E01000001", "2021", 10), Observation.of("x", "E01000002", "2021", 20),
                Observation.of("x", "E01000003", "2021", 40),
                Observation.of("x", "E01000004", "2021", 10),                 // town 2: 10% of its weight only
                Observation.of("num", "E01000001", "2021", 5), Observation.of("den", "E01000001", "2021", 50),
                Observation.of("num", "E01000002", "2021", 15), Observation.of("den", "E01000002", "2021", 50),
                Observation.of("num", "E01000003", "2021", 20), Observation.of("den", "E01000003", "2021", 100),
                Observation.of("pop", "E01000001", "2001", 100), Observation.of("pop", "E01000002", "2001", 100),
                Observation.of("pop", "E01000003", "2001", 200), Observation.of("pop", "E01000001", "2021", 110),
                Observation.of("pop", "E01000002", "2021", 120), Observation.of("pop", "E01000003", "2021", 270)));
        // weighted mean: (100*10 + 100*20 + 200*40) / 400 = 27.5
        var x1 = evidence(e, "E63000001", "A", "A1");
        assertThat(x1.value()).isEqualTo(27.5);
        assertThat(x1.note()).contains("3 of 3 areas", "coverage 100%");
        var x2 = evidence(e, "E63000002", "A", "A1");
        assertThat(x2.value()).isNull();
        assertThat(x2.note()).contains("coverage 10%", "below the 80% needed");
        assertThat(a(e, 2)).isEqualTo(Membership.INSUFFICIENT_DATA);
        String withShare = rulebook("compare: above_mean", "").replace("indicator: x, compare: above_mean", "indicator: sh, compare: above_mean");
        ScoringEngine s = engine(withShare, TOWNS);
        List.of("lookup", "small").forEach(d -> { });
        s.apply(release("lookup", 1, ReleaseMetadata.KIND_LOOKUP), lookupRows());
        s.apply(release("small", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("num", "E01000001", "2021", 5), Observation.of("den", "E01000001", "2021", 50),
                Observation.of("num", "E01000002", "2021", 15), Observation.of("den", "E01000002", "2021", 50),
                Observation.of("num", "E01000003", "2021", 20), Observation.of("den", "E01000003", "2021", 100)));
        // share from summed numerator and denominator: 40 / 200 = 20%, not the mean of 10%, 30%, 20%
        assertThat(evidence(s, "E63000001", "A", "A1").value()).isEqualTo(20.0);
        String withGrowth = rulebook("compare: above_mean", "").replace("indicator: x, compare: above_mean", "indicator: growth, compare: above_mean");
        ScoringEngine g = engine(withGrowth, TOWNS);
        g.apply(release("lookup", 1, ReleaseMetadata.KIND_LOOKUP), lookupRows());
        g.apply(release("pop", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("pop", "E01000001", "2001", 100), Observation.of("pop", "E01000002", "2001", 100),
                Observation.of("pop", "E01000003", "2001", 200), Observation.of("pop", "E01000001", "2021", 110),
                Observation.of("pop", "E01000002", "2021", 120), Observation.of("pop", "E01000003", "2021", 270)));
        // counts sum (400 → 500), growth is derived: +25%
        var growth = evidence(g, "E63000001", "A", "A1");
        assertThat(growth.value()).isEqualTo(25.0);
        assertThat(growth.period()).isEqualTo("2001/2021");
        // a new population estimate moves growth without anyone publishing growth
        g.apply(release("pop-2024", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("pop", "E01000001", "2024", 120), Observation.of("pop", "E01000002", "2024", 120),
                Observation.of("pop", "E01000003", "2024", 280)));
        assertThat(evidence(g, "E63000001", "A", "A1").value()).isEqualTo(30.0);
        assertThat(evidence(g, "E63000001", "A", "A1").releaseId()).isEqualTo("pop-2024/e1/1");
    }

    static List<Observation> lookupRows() {
        return List.of(new Observation("town", "E01000001", "2021", null, null, "E63000001"),
                new Observation("town", "E01000002", "2021", null, null, "E63000001"),
                new Observation("town", "E01000003", "2021", null, null, "E63000001"),
                Observation.of("weight", "E01000001", "2021", 100), Observation.of("weight", "E01000002", "2021", 100),
                Observation.of("weight", "E01000003", "2021", 200));
    }

    @Test
    void aChangedLookupReaggregates() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        e.apply(release("lookup", 1, ReleaseMetadata.KIND_LOOKUP), lookupRows());
        e.apply(release("small", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("x", "E01000001", "2021", 10), Observation.of("x", "E01000002", "2021", 20),
                Observation.of("x", "E01000003", "2021", 40)));
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isEqualTo(27.5);
        // version 2 of the lookup moves E01000003 to town 2
        var delta = e.apply(release("lookup", 2, ReleaseMetadata.KIND_LOOKUP), List.of(
                new Observation("town", "E01000001", "2021", null, null, "E63000001"),
                new Observation("town", "E01000002", "2021", null, null, "E63000001"),
                new Observation("town", "E01000003", "2021", null, null, "E63000002")));
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isEqualTo(15.0);
        assertThat(evidence(e, "E63000002", "A", "A1").value()).isEqualTo(40.0);
        assertThat(delta.changes()).extracting(CharacteristicDelta::townCode).contains("E63000001", "E63000002");
    }

    @Test
    void onsVersionSemantics() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        e.apply(release("x", 2, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("x", "E63000001", "2021", 10), Observation.of("x", "E63000002", "2021", 20)));
        // an older version never overwrites a newer one
        var older = e.apply(release("x", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("x", "E63000001", "2021", 99)));
        assertThat(older.ignored()).isTrue();
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isEqualTo(10.0);
        // a correction replaces only what it names
        e.apply(Fixture.correction("x", 3), List.of(Observation.of("x", "E63000001", "2021", 11)));
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isEqualTo(11.0);
        assertThat(evidence(e, "E63000002", "A", "A1").value()).isEqualTo(20.0);
        assertThat(evidence(e, "E63000001", "A", "A1").releaseId()).isEqualTo("x/e1/3");
        // a higher version supersedes: values it no longer carries are gone
        e.apply(release("x", 4, ReleaseMetadata.KIND_OBSERVATIONS), List.of(Observation.of("x", "E63000002", "2021", 21)));
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isNull();
        assertThat(evidence(e, "E63000002", "A", "A1").value()).isEqualTo(21.0);
    }

    @Test
    void aOneTownCorrectionThatKeepsTheThresholdTouchesOnlyThatTown() {
        ScoringEngine e = engine(rulebook("compare: top_percent, value: 40", ""), TOWNS);
        values(e, "x", "x", 10, 20, 30, 40, 50);
        values(e, "y", "y", 1, 1, 1, 1, 1);
        // town 1 goes from 10 to 10.001: published threshold (40) and mean (30.00, 4 significant figures) unchanged,
        // ranks unchanged, so only its own evidence changes
        var delta = e.apply(Fixture.correction("x", 2), List.of(Observation.of("x", "E63000001", "2021", 10.001)));
        assertThat(delta.changes()).extracting(CharacteristicDelta::townCode).containsOnly("E63000001");
        assertThat(delta.changes()).allSatisfy(d -> assertThat(d.before()).isNotEqualTo(d.after()));
        // town 1 jumps to the top: the top-40% threshold moves to 50, town 1 meets A1 (A4 is never met: partial at
        // best), town 4 (40) drops out
        assertThat(a(e, 4)).isEqualTo(Membership.PARTIAL);
        var jump = e.apply(Fixture.correction("x", 3), List.of(Observation.of("x", "E63000001", "2021", 60)));
        assertThat(a(e, 1)).isEqualTo(Membership.PARTIAL);
        assertThat(a(e, 4)).isEqualTo(Membership.NONE);
        assertThat(jump.changes()).extracting(CharacteristicDelta::townCode).contains("E63000001", "E63000004");
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
    }

    @Test
    void aNewRulebookVersionRescoresEveryTown() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        values(e, "x", "x", 10, 20, 30, 40, 50);
        values(e, "y", "y", 1, 1, 1, 1, 1);                 // A4 (y below mean) is never met: at most partial
        assertThat(a(e, 4)).isEqualTo(Membership.PARTIAL);
        var delta = e.applyRulebook(Fixture.rulebook(rulebook("compare: top_percent, value: 20", "").replace("\"t1\"", "\"t2\"")));
        assertThat(e.rulebook().version()).isEqualTo("t2");
        assertThat(a(e, 4)).isEqualTo(Membership.NONE);      // 40 is not in the top 20%
        assertThat(a(e, 5)).isEqualTo(Membership.PARTIAL);
        assertThat(delta.changes()).filteredOn(d -> d.townCode().equals("E63000004") && d.after().letter().equals("A"))
                .singleElement().satisfies(d -> assertThat(d.before().membership()).isEqualTo(Membership.PARTIAL));
    }

    @Test
    void localAuthoritySeriesReachTownsThroughTheirAuthorityAndSayso() {
        String yaml = rulebook("compare: above_mean", "").replace("  - {id: x, aggregation: mean}",
                "  - {id: x, derived: {type: ratio, numerator: deaths, denominator: lapop, scale: 100000}}\n"
                        + "  - {id: deaths, aggregation: inherit, geography: local-authority}\n"
                        + "  - {id: lapop, aggregation: inherit, geography: local-authority}");
        ScoringEngine e = engine(yaml, TOWNS);
        e.apply(release("town-la", 1, ReleaseMetadata.KIND_LOOKUP), List.of(
                new Observation("local_authority", "E63000001", "2022", null, null, "E06000001"),
                new Observation("local_authority", "E63000002", "2022", null, null, "E06000001"),
                new Observation("local_authority", "E63000003", "2022", null, null, "E06000002")));
        e.apply(release("deaths", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("deaths", "E06000001", "2020", 30), Observation.of("deaths", "E06000002", "2020", 10),
                Observation.of("lapop", "E06000001", "2020", 100000), Observation.of("lapop", "E06000002", "2020", 50000)));
        var ev = evidence(e, "E63000002", "A", "A1");
        assertThat(ev.value()).isEqualTo(30.0);                    // per 100,000
        assertThat(evidence(e, "E63000003", "A", "A1").value()).isEqualTo(20.0);
        assertThat(evidence(e, "E63000004", "A", "A1").value()).isNull();   // no authority known: no guess
        // a new figure for the authority moves both its towns, incrementally
        var delta = e.apply(Fixture.correction("deaths", 2), List.of(Observation.of("deaths", "E06000001", "2020", 40)));
        assertThat(delta.changes()).extracting(CharacteristicDelta::townCode).contains("E63000001", "E63000002");
        assertThat(evidence(e, "E63000001", "A", "A1").value()).isEqualTo(40.0);
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
        String inherited = e.town("E63000001").orElseThrow().characteristics().get(0).criteria().get(0).note();
        assertThat(inherited).startsWith("derived:");
    }

    @Test
    void eachSeriesIsAggregatedWithinItsOwnGeography() {
        ScoringEngine e = engine(rulebook("compare: above_mean", ""), TOWNS);
        e.apply(release("lsoa", 1, ReleaseMetadata.KIND_LOOKUP), lookupRows());
        // a second geography for the same town: two MSOAs
        e.apply(release("msoa", 1, ReleaseMetadata.KIND_LOOKUP), List.of(
                new Observation("town", "E02000001", "2021", null, null, "E63000001"),
                new Observation("town", "E02000002", "2021", null, null, "E63000001")));
        e.apply(release("msoa-series", 1, ReleaseMetadata.KIND_OBSERVATIONS), List.of(
                Observation.of("x", "E02000001", "2021", 10), Observation.of("x", "E02000002", "2021", 30)));
        var ev = evidence(e, "E63000001", "A", "A1");
        assertThat(ev.value()).isEqualTo(20.0);                    // full coverage of the MSOA geography
        assertThat(ev.note()).contains("2 of 2 areas (msoa)", "coverage 100%");
    }
}
