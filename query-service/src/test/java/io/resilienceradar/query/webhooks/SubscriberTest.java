package io.resilienceradar.query.webhooks;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Transition;
import io.resilienceradar.query.domain.ChangeFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberTest {
    private static final Instant CREATED = Instant.parse("2026-11-29T09:00:00Z");

    private static CharacteristicChanged gainedG(Instant occurredAt) {
        return new CharacteristicChanged(1, "e1", "E63000001", "Slough", "South East", "rapid-change", "G",
                "Rapid change", Membership.PARTIAL, Membership.FULL, Transition.GAINED, List.of(), List.of(),
                List.of("pop/2022/1"), "rb-1", 2, occurredAt);
    }

    private static Outbox.Subscriber subscriber(List<String> towns) {
        return new Outbox.Subscriber(UUID.randomUUID(), new ChangeFilter(List.of("G"), List.of(), List.of(), towns), CREATED, "http://127.0.0.1/hook", "whsec_x");
    }

    @Test
    void wantsMatchingTransitionsThatOccurredAtOrAfterItsCreation() {
        Outbox.Subscriber s = subscriber(List.of());
        assertThat(s.wants(gainedG(CREATED))).isTrue();
        assertThat(s.wants(gainedG(CREATED.plusMillis(1)))).isTrue();
        assertThat(s.wants(gainedG(CREATED.minusMillis(1)))).isFalse();
        assertThat(new Outbox.Subscriber(UUID.randomUUID(), new ChangeFilter(List.of("E"), null, null, null), CREATED, "http://127.0.0.1/hook", "whsec_x")
                .wants(gainedG(CREATED.plusSeconds(1)))).isFalse();
    }

    @Test
    void aTownFilterTellsFromTheRecordKeyAloneWhichTownsCannotMatch() {
        assertThat(subscriber(List.of("e63000001")).mayWantTown("E63000001")).isTrue();
        assertThat(subscriber(List.of("E63000001")).mayWantTown("E63000002")).isFalse();
        assertThat(subscriber(List.of()).mayWantTown("E63000002")).isTrue();
        assertThat(subscriber(List.of("E63000001")).mayWantTown(null)).isTrue();
    }
}
