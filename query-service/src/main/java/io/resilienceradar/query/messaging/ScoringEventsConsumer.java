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
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Consumes scoring-service's three topics in batches (one transaction per poll), one batch at a time, so each
 * town's events are applied in partition order. A record that breaks its contract goes to the dead-letter topic and
 * the rest of its batch is applied; a database failure fails the channel (readiness goes down) rather than
 * dead-lettering good records.
 */
@ApplicationScoped
public class ScoringEventsConsumer {
    @Inject
    Materialiser materialiser;
    @Inject
    DeadLetters deadLetters;

    @Incoming("town-profiles")
    @Blocking
    public void onProfiles(ConsumerRecords<String, String> records) {
        List<TownProfile> profiles = parse(records, EventTypes.TOWN_PROFILE, r -> {
            TownProfile p = Json.read(r.value(), TownProfile.class);
            expectSchema(p.schemaVersion(), TownProfile.SCHEMA_VERSION);
            Materialiser.validate(p);
            return p;
        });
        if (!profiles.isEmpty()) {
            materialiser.applyProfiles(profiles);
        }
    }

    @Incoming("characteristic-changes")
    @Blocking
    public void onChanges(ConsumerRecords<String, String> records) {
        List<CharacteristicChanged> changes = parse(records, EventTypes.CHARACTERISTIC_CHANGED, r -> {
            CharacteristicChanged c = Json.read(r.value(), CharacteristicChanged.class);
            expectSchema(c.schemaVersion(), CharacteristicChanged.SCHEMA_VERSION);
            Materialiser.validate(c);
            return c;
        });
        if (!changes.isEmpty()) {
            materialiser.applyChanges(changes);
        }
    }

    @Incoming("rulebooks")
    @Blocking
    public void onRulebooks(ConsumerRecords<String, String> records) {
        for (RulebookPublished r : parse(records, EventTypes.RULEBOOK_PUBLISHED, rec -> {
            RulebookPublished rb = Json.read(rec.value(), RulebookPublished.class);
            expectSchema(rb.schemaVersion(), RulebookPublished.SCHEMA_VERSION);
            Materialiser.validate(rb);
            return rb;
        })) {
            materialiser.applyRulebook(r);
        }
    }

    private <T> List<T> parse(ConsumerRecords<String, String> records, String type,
                              Function<ConsumerRecord<String, String>, T> reader) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() == null) {
                continue; // tombstone: nothing is deleted from the read model
            }
            try {
                expectType(r, type);
                out.add(reader.apply(r));
            } catch (Json.ContractViolation e) {
                deadLetters.send(r, e);
            }
        }
        return out;
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
}
