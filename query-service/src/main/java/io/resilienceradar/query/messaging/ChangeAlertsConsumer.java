package io.resilienceradar.query.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.Materialiser;
import io.resilienceradar.query.webhooks.Outbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues webhooks for the changes topic with a consumer group of its own ({@code <group>-alerts}), apart from the
 * materialising consumer: a matching transition's webhook is queued as soon as the record arrives, not after the
 * read model has stored the batches before it (a one-row release brings ~1,400 transitions). Batches are handled
 * one at a time, so a town's deliveries are queued in partition order; the offset is committed after the batch's
 * outbox rows, and a redelivered batch adds none (see {@link Outbox}). Records that break the contract are skipped
 * here: the materialising consumer dead-letters them.
 */
@ApplicationScoped
public class ChangeAlertsConsumer {
    private static final Logger LOG = Logger.getLogger(ChangeAlertsConsumer.class);

    @Inject
    Outbox outbox;

    @Incoming("change-alerts")
    @Blocking
    public void onChanges(ConsumerRecords<String, byte[]> records) {
        Instant consumedAt = Instant.now();
        List<Outbox.Subscriber> subscribers = outbox.active();
        if (subscribers.isEmpty()) {
            return;
        }
        List<CharacteristicChanged> changes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            // the key is the town code: most subscriptions name towns, so most records need not be parsed (nor even
            // decoded: the values stay bytes)
            if (r.value() == null || subscribers.stream().noneMatch(s -> s.mayWantTown(r.key()))) {
                continue;
            }
            try {
                ScoringEventsConsumer.expectType(r, EventTypes.CHARACTERISTIC_CHANGED);
                CharacteristicChanged c = Json.read(new String(r.value(), StandardCharsets.UTF_8), CharacteristicChanged.class);
                ScoringEventsConsumer.expectSchema(c.schemaVersion(), CharacteristicChanged.SCHEMA_VERSION);
                Materialiser.validate(c);
                changes.add(c);
            } catch (Json.ContractViolation e) {
                LOG.debugf("no webhook for %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        if (!changes.isEmpty()) {
            enqueue(subscribers, changes, consumedAt, PollTimestamps.polledAt(records.iterator().next()));
        }
    }

    /** If the database refuses the batch for its data, the changes are queued one by one and a refused one skipped. */
    private void enqueue(List<Outbox.Subscriber> subscribers, List<CharacteristicChanged> changes, Instant consumedAt,
                         Instant polledAt) {
        try {
            outbox.enqueue(subscribers, changes, consumedAt, polledAt);
        } catch (RuntimeException batchFailure) {
            if (!ScoringEventsConsumer.isDataError(batchFailure)) {
                throw batchFailure;
            }
            for (CharacteristicChanged c : changes) {
                try {
                    outbox.enqueue(subscribers, List.of(c), consumedAt, polledAt);
                } catch (RuntimeException e) {
                    if (!ScoringEventsConsumer.isDataError(e)) {
                        throw e;
                    }
                    LOG.warnf(e, "no webhook for change %s: the database refused its delivery", c.eventId());
                }
            }
        }
    }
}
