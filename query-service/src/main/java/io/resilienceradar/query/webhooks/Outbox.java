package io.resilienceradar.query.webhooks;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.persistence.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one delivery row per (active subscription, matching change): the webhook outbox. Fed by its own consumer of
 * the changes topic ({@code ChangeAlertsConsumer}), so a webhook never waits for the read model to store the
 * ~1,400 other transitions a release can bring. Idempotent: a row is unique per (subscription, event), so a
 * redelivered batch adds nothing. A subscription gets the transitions that occurred after it was created.
 */
@ApplicationScoped
public class Outbox {
    public static final String EVENT_TYPE = "characteristic.changed";

    @Inject
    EntityManager em;
    @Inject
    Event<DeliveriesQueued> queued;

    /** An active subscription's id, filter and creation time: what matching a change needs. */
    public record Subscriber(UUID id, ChangeFilter filter, Instant createdAt) {
        /** Whether it wants this change. */
        public boolean wants(CharacteristicChanged change) {
            return (change.occurredAt() == null || !change.occurredAt().isBefore(createdAt)) && filter.matches(change);
        }

        /** Whether a change of this town (the record key) could match; lets the consumer skip parsing the rest. */
        public boolean mayWantTown(String townCode) {
            return townCode == null || filter.towns().isEmpty()
                    || filter.towns().stream().anyMatch(t -> t.equalsIgnoreCase(townCode));
        }
    }

    /** The active subscriptions, read at each batch so that every instance sees every subscription write. */
    @Transactional
    public List<Subscriber> active() {
        return SubscriptionRow.<SubscriptionRow>list("status", SubscriptionRow.ACTIVE).stream()
                .map(s -> new Subscriber(s.id, Json.read(s.filter, ChangeFilter.class), s.createdAt))
                .toList();
    }

    /**
     * @param changes    consumed changes, in partition order (the rows are written in that order)
     * @param consumedAt when the Kafka consumer handed them over (kept on the rows: latency split)
     * @return outbox rows written (a row already there is not counted)
     */
    @Transactional
    public int enqueue(List<Subscriber> subscribers, List<CharacteristicChanged> changes, Instant consumedAt) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // one JDBC batch (a release can match many transitions); each statement's count still tells a duplicate
        int written = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO delivery (id, subscription_id, event_id, payload, status, attempts, next_attempt_at, created_at,
                        consumed_at)
                    VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                    ON CONFLICT (subscription_id, event_id) DO NOTHING""")) {
                int rows = 0;
                for (CharacteristicChanged change : changes) {
                    String payload = null;
                    for (Subscriber sub : subscribers) {
                        if (!sub.wants(change)) {
                            continue;
                        }
                        payload = payload != null ? payload : payload(change);
                        s.setString(1, webhookId(sub.id(), change.eventId()));
                        s.setObject(2, sub.id());
                        s.setString(3, change.eventId());
                        s.setString(4, payload);
                        s.setObject(5, now);
                        s.setObject(6, now);
                        s.setObject(7, consumedAt.atOffset(ZoneOffset.UTC));
                        s.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    return 0;
                }
                int count = 0;
                for (int n : s.executeBatch()) {
                    count += n == PreparedStatement.SUCCESS_NO_INFO ? 1 : n;
                }
                return count;
            }
        });
        if (written > 0) {
            queued.fire(new DeliveriesQueued(written));
        }
        return written;
    }

    /** Stable across retries and redeliveries of the same event: receivers deduplicate by it. */
    public static String webhookId(UUID subscriptionId, String eventId) {
        return "msg_" + UUID.nameUUIDFromBytes((subscriptionId + "|" + eventId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    /** The Standard Webhooks payload shape: type, timestamp, data. */
    static String payload(CharacteristicChanged change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", EVENT_TYPE);
        body.put("timestamp", change.occurredAt() != null ? change.occurredAt() : Instant.now());
        body.put("data", change);
        return Json.writeString(body);
    }
}
