package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.RulebookPublished;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulebookTest {

    @Test
    void theBundledRulebookHasFourteenCharacteristicsOfFourCriteria() {
        Rulebook rb = Rulebook.bundled();
        assertThat(rb.characteristics()).hasSize(14);
        assertThat(rb.characteristics()).extracting(Characteristic::letter)
                .containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N");
        assertThat(rb.criteriaCount()).isEqualTo(56);
        Characteristic j = rb.characteristics().get(9);
        assertThat(j.provisional()).isTrue();
        assertThat(j.name()).contains("provisional");
        assertThat(rb.indicators().values()).allSatisfy(i -> assertThat(i.polarity()).isNotBlank());
    }

    @Test
    void theBundledRulebookIsParsedOnceAndShared() {
        assertThat(Rulebook.bundled()).isSameAs(Rulebook.bundled());
    }

    @Test
    void publishedFormCarriesAssumptions() {
        RulebookPublished p = Rulebook.bundled().toPublished();
        assertThat(p.characteristics()).hasSize(14);
        assertThat(p.characteristics().stream().flatMap(d -> d.criteria().stream()))
                .anySatisfy(c -> assertThat(c.assumption()).isNotBlank());
        assertThat(p.characteristics()).filteredOn(d -> d.letter().equals("N"))
                .singleElement().satisfies(d -> assertThat(d.assumptions()).contains("gate: coastal towns only"));
    }

    @Test
    void errorsNameTheCharacteristicCriterionAndField() {
        String yaml = """
                version: "bad"
                indicators:
                  - {id: x}
                  - {id: g, derived: {type: change_pct, of: nope, from: "2001"}}
                characteristics:
                  - id: c1
                    letter: Q
                    name: Q
                    gates: [inland]
                    criteria:
                      - {id: Q1, indicator: x, compare: sideways}
                      - {id: Q2, indicator: missing, compare: above_mean}
                      - {id: Q3, indicator: x, compare: top_percent, value: 140}
                      - {id: Q3, indicator: x, compare: equals}
                """;
        assertThatThrownBy(() -> Fixture.rulebook(yaml)).isInstanceOf(RulebookException.class)
                .satisfies(e -> assertThat(((RulebookException) e).problems()).contains(
                        "indicator g, field derived: unknown input indicator 'nope'",
                        "characteristic Q (c1), field gates: unknown gate 'inland' (one of [coastal, england, wales])",
                        "characteristic Q (c1), criterion Q2, field indicator: unknown indicator 'missing'",
                        "characteristic Q (c1), criterion Q3, field value: percent must be in (0, 100], was 140.0",
                        "characteristic Q (c1), criterion Q3, field value: equals needs a numeric value",
                        "characteristic Q (c1), criterion Q3: duplicate id"))
                .hasMessageContaining("criterion Q1, field compare: 'sideways' is not one of");
    }

    @Test
    void aCriterionCountOtherThanFourIsRefused() {
        String yaml = """
                version: "bad"
                indicators: [{id: x}]
                characteristics:
                  - {id: c, letter: Z, name: Z, criteria: [{id: Z1, indicator: x, compare: above_mean}]}
                """;
        assertThatThrownBy(() -> Fixture.rulebook(yaml)).hasMessageContaining(
                "characteristic Z (c), field criteria: 1 criteria, the model has four");
    }
}
