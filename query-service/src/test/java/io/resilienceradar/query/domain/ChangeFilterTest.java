package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Transition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeFilterTest {
    private final CharacteristicChanged gainedG = new CharacteristicChanged(1, "e1", "E63000001", "Slough",
            "South East", "rapid-change", "G", "Rapid change", Membership.PARTIAL, Membership.FULL, Transition.GAINED,
            List.of(), List.of(), List.of("pop/2022/1"), "rb-1", 2, Instant.now());

    @Test
    void emptyFilterMatchesEverything() {
        assertThat(ChangeFilter.any().matches(gainedG)).isTrue();
    }

    @Test
    void everyGivenListMustMatchByIdOrLetterCaseInsensitively() {
        assertThat(filter(List.of("g"), List.of("gained"), List.of("south east"), List.of()).matches(gainedG)).isTrue();
        assertThat(filter(List.of("rapid-change"), List.of(), List.of(), List.of("E63000001")).matches(gainedG)).isTrue();
        assertThat(filter(List.of("E"), List.of(), List.of(), List.of()).matches(gainedG)).isFalse();
        assertThat(filter(List.of("G"), List.of("LOST"), List.of(), List.of()).matches(gainedG)).isFalse();
        assertThat(filter(List.of(), List.of(), List.of("Wales"), List.of()).matches(gainedG)).isFalse();
        assertThat(filter(List.of(), List.of(), List.of(), List.of("E63000002")).matches(gainedG)).isFalse();
    }

    private static ChangeFilter filter(List<String> c, List<String> t, List<String> r, List<String> towns) {
        return new ChangeFilter(c, t, r, towns);
    }
}
