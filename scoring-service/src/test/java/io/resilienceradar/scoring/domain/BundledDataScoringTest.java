package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.Membership;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.LinkedHashMap;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scoring the real bundled data: pins what the data supports today. */
class BundledDataScoringTest {
    static ScoringEngine engine;

    @BeforeAll
    static void score() {
        engine = BundledData.engineWithAll();
    }

    static Map<String, Map<Membership, Integer>> sizes() {
        Map<String, Map<Membership, Integer>> out = new LinkedHashMap<>();
        for (TownScore t : engine.towns()) {
            for (CharacteristicState s : t.characteristics()) {
                out.computeIfAbsent(s.letter(), k -> new EnumMap<>(Membership.class)).merge(s.membership(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void theDefaultUniverseIsTheSmallMediumAndLargeBuiltUpAreas() {
        assertThat(engine.towns()).hasSize(1371);
        assertThat(engine.towns()).extracting(TownScore::sizeClass).containsOnly("Small", "Medium", "Large");
        assertThat(engine.towns().stream().filter(t -> t.country().contains("Wales"))).hasSize(104);          // 103 Welsh built-up areas and cross-border Chester
    }

    /** Pins what the bundled town-level data supports today (the README's table is generated from the same run). */
    @Test
    void characteristicSizesOnTheBundledData() {
        Map<String, Map<Membership, Integer>> sizes = sizes();
        assertThat(sizes.get("C")).containsEntry(Membership.FULL, 97).containsEntry(Membership.PARTIAL, 302)
                .doesNotContainKey(Membership.INSUFFICIENT_DATA);
        assertThat(sizes.get("J")).containsEntry(Membership.FULL, 97).containsEntry(Membership.PARTIAL, 260)
                .containsEntry(Membership.INSUFFICIENT_DATA, 2);                 // two towns without BRES change
        // small-area series reach the 1,098 crosswalk-matched towns; the other 273 have insufficient data
        assertThat(sizes.get("A")).containsEntry(Membership.FULL, 101).containsEntry(Membership.PARTIAL, 219)
                .containsEntry(Membership.INSUFFICIENT_DATA, 273);
        assertThat(sizes.get("B")).containsEntry(Membership.FULL, 94).containsEntry(Membership.PARTIAL, 181)
                .containsEntry(Membership.INSUFFICIENT_DATA, 273);
        assertThat(sizes.get("E")).containsEntry(Membership.FULL, 363).containsEntry(Membership.PARTIAL, 86)
                .containsEntry(Membership.INSUFFICIENT_DATA, 273);
        assertThat(sizes.get("F")).containsEntry(Membership.FULL, 10).containsEntry(Membership.PARTIAL, 132)
                .containsEntry(Membership.INSUFFICIENT_DATA, 273);
        assertThat(sizes.get("G")).containsEntry(Membership.FULL, 70).containsEntry(Membership.PARTIAL, 175)
                .containsEntry(Membership.INSUFFICIENT_DATA, 273);
        // M1 (IMD connectivity) has no Welsh series: Welsh towns are insufficient data too
        assertThat(sizes.get("M")).containsEntry(Membership.PARTIAL, 72).containsEntry(Membership.INSUFFICIENT_DATA, 354)
                .doesNotContainKey(Membership.FULL);
        assertThat(sizes.get("N")).containsEntry(Membership.NONE, 1230)   // gated: inland towns are never in N
                .containsEntry(Membership.FULL, 60).containsEntry(Membership.PARTIAL, 53)
                .containsEntry(Membership.INSUFFICIENT_DATA, 28);          // coastal towns outside the crosswalk
        // a criterion with no public series makes the characteristic insufficient data, never a silent "none"
        for (String letter : List.of("D", "H", "I", "K", "L")) {
            assertThat(sizes.get(letter)).as(letter).containsOnlyKeys(Membership.INSUFFICIENT_DATA);
        }
    }

    @Test
    void berwickIsShrinkingAndAgeingPartiallyWithEvidence() {
        CharacteristicState c = engine.town("E63007092").orElseThrow().characteristics().stream()
                .filter(s -> s.letter().equals("C")).findFirst().orElseThrow();
        assertThat(c.criteria()).hasSize(4).allSatisfy(e -> {
            assertThat(e.value()).isNotNull();
            assertThat(e.threshold()).isNotNull();
            assertThat(e.percentile()).isBetween(0.0, 100.0);
            assertThat(e.releaseId()).startsWith("bua2022-");
        });
        assertThat(c.criteria().get(1).value()).isCloseTo(2.41647, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(c.criteria().get(1).period()).isEqualTo("2001/2021");
    }

    @Test
    void aCorrectionOnRealDataEqualsTheFullRecompute() {
        ScoringEngine e = BundledData.engineWithAll();
        var correction = new io.resilienceradar.contracts.events.ReleaseMetadata("bua2022-population", "census-2001-2021",
                2, java.time.LocalDate.of(2026, 6, 1), "correction", "observations", "test", "OGL", null, true,
                List.of(new io.resilienceradar.contracts.events.ReleaseMetadata.Alert(null, "test", "correction")),
                List.of());
        var delta = e.apply(correction, List.of(
                io.resilienceradar.contracts.events.Observation.of("population", "E63007092", "2021", 9000)));
        assertThat(delta.changes()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.before()).isNotEqualTo(d.after()));
        assertThat(e.towns()).isEqualTo(e.recomputeFromScratch());
    }
}
