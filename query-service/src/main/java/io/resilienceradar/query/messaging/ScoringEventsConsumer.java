package io.resilienceradar.query.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.domain.Materialiser;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;

/**
 * Consumes scoring-service's three topics. Records are processed one at a time in partition order (blocking,
 * ordered); a record that breaks its contract throws, and the channel's failure strategy sends it to
 * {@code radar.scoring-events.v1.dlq}.
 */
@ApplicationScoped
public class ScoringEventsConsumer {
    @Inject
    Materialiser materialiser;

    @Incoming("town-profiles")
    @Blocking
    public void onProfile(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // tombstone: profiles are never deleted from the read model
        }
        expectType(record, EventTypes.TOWN_PROFILE);
        TownProfile profile = Json.read(record.value(), TownProfile.class);
        expectSchema(profile.schemaVersion(), TownProfile.SCHEMA_VERSION);
        materialiser.applyProfile(profile);
    }

    @Incoming("characteristic-changes")
    @Blocking
    public void onChange(ConsumerRecord<String, String> record) {
        expectType(record, EventTypes.CHARACTERISTIC_CHANGED);
        CharacteristicChanged change = Json.read(requireValue(record), CharacteristicChanged.class);
        expectSchema(change.schemaVersion(), CharacteristicChanged.SCHEMA_VERSION);
        materialiser.applyChange(change);
    }

    @Incoming("rulebooks")
    @Blocking
    public void onRulebook(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        expectType(record, EventTypes.RULEBOOK_PUBLISHED);
        RulebookPublished rulebook = Json.read(record.value(), RulebookPublished.class);
        expectSchema(rulebook.schemaVersion(), RulebookPublished.SCHEMA_VERSION);
        materialiser.applyRulebook(rulebook);
    }

    /** An unknown CloudEvent type (e.g. a future v2) is not guessed at: it is dead-lettered. */
    static void expectType(ConsumerRecord<String, String> record, String expected) {
        Header type = record.headers().lastHeader("ce_type");
        if (type != null) {
            String actual = new String(type.value(), StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new Json.ContractViolation("unexpected ce_type " + actual + " (expected " + expected + ")", null);
            }
        }
    }

    static void expectSchema(int actual, int expected) {
        if (actual != 0 && actual != expected) {
            throw new Json.ContractViolation("unsupported schemaVersion " + actual, null);
        }
    }

    private static String requireValue(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new Json.ContractViolation("empty change record", null);
        }
        return record.value();
    }
}
