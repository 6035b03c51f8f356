package io.resilienceradar.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SimilarTest {
    @Test
    void suggestsACodeOneDigitOrOneSwapAway() {
        Set<String> known = Set.of("E63000123", "W45000001");
        assertThat(Similar.nearestCode("E63000124", known)).isEqualTo("E63000123");
        assertThat(Similar.nearestCode("E63000213", known)).isEqualTo("E63000123");
        assertThat(Similar.nearestCode("w45000001", known)).isEqualTo("W45000001");
        assertThat(Similar.nearestCode("E63999999", known)).isNull();
    }

    @Test
    void suggestsNamesIgnoringCaseAndSpacing() {
        assertThat(Similar.nearestName("Area CD", List.of("AREACD"))).isEqualTo("AREACD");
        assertThat(Similar.nearestName("populaton", List.of("population", "median_age"))).isEqualTo("population");
        assertThat(Similar.nearestName("unemployment", List.of("population"))).isNull();
    }
}
