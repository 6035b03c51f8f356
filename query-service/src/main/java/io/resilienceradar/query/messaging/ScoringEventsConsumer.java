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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Materialises scoring-service's three topics in batches (one transaction per poll), one batch at a time, so each
 * town's events are applied in partition order. A record that breaks its contract goes to the dead-letter topic and
 * the rest of its batch is applied; a database failure fails the channel (readiness goes down) rather than
 * dead-lettering good records (see {@link #apply} for records the database refuses).
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
        List<Parsed<TownProfile>> profiles = parse(records, EventTypes.TOWN_PROFILE, r -> {
            TownProfile p = Json.read(r.value(), TownProfile.class);
            expectSchema(p.schemaVersion(), TownProfile.SCHEMA_VERSION);
            Materialiser.validate(p);
            return p;
        });
        apply(profiles, materialiser::applyProfiles);
    }

    @Incoming("characteristic-changes")
    @Blocking
    public void onChanges(ConsumerRecords<String, String> records) {
        List<Parsed<CharacteristicChanged>> changes = parse(records, EventTypes.CHARACTERISTIC_CHANGED, r -> {
            CharacteristicChanged c = Json.read(r.value(), CharacteristicChanged.class);
            expectSchema(c.schemaVersion(), CharacteristicChanged.SCHEMA_VERSION);
            Materialiser.validate(c);
            return c;
        });
        apply(changes, materialiser::applyChanges);
    }

    @Incoming("rulebooks")
    @Blocking
    public void onRulebooks(ConsumerRecords<String, String> records) {
        apply(parse(records, EventTypes.RULEBOOK_PUBLISHED, rec -> {
            RulebookPublished rb = Json.read(rec.value(), RulebookPublished.class);
            expectSchema(rb.schemaVersion(), RulebookPublished.SCHEMA_VERSION);
            Materialiser.validate(rb);
            return rb;
        }), list -> list.forEach(materialiser::applyRulebook));
    }

    /** A record and what it was read as. */
    record Parsed<T>(ConsumerRecord<String, String> record, T value) {
    }

    /**
     * Applies a batch in one transaction. If the database refuses it for a reason that lies in the data (SQL state
     * class 22 data exception or 23 integrity violation), the records are retried one by one and only the offending
     * one is dead-lettered; any other failure (database down, ...) propagates and fails the channel.
     */
    private <T> void apply(List<Parsed<T>> batch, Consumer<List<T>> applier) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            applier.accept(batch.stream().map(Parsed::value).toList());
        } catch (RuntimeException batchFailure) {
            if (!isDataError(batchFailure)) {
                throw batchFailure;
            }
            for (Parsed<T> one : batch) {
                try {
                    applier.accept(List.of(one.value()));
                } catch (RuntimeException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    deadLetters.send(one.record(), e);
                }
            }
        }
    }

    static boolean isDataError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private <T> List<Parsed<T>> parse(ConsumerRecords<String, String> records, String type,
                                      Function<ConsumerRecord<String, String>, T> reader) {
        List<Parsed<T>> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() == null) {
                continue; // tombstone: nothing is deleted from the read model
            }
            try {
                expectType(r, type);
                out.add(new Parsed<>(r, reader.apply(r)));
            } catch (Json.ContractViolation e) {
                deadLetters.send(r, e);
            }
        }
        return out;
    }

    /** An unknown CloudEvent type (e.g. a future v2) is not guessed at: it is dead-lettered. */
    static void expectType(ConsumerRecord<?, ?> record, String expected) {
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
