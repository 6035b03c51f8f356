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
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** An active subscription: what matching a change needs, and where and how to send it. */
    public record Subscriber(UUID id, ChangeFilter filter, Instant createdAt, String callbackUrl, String secret) {
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
                .map(s -> new Subscriber(s.id, Json.read(s.filter, ChangeFilter.class), s.createdAt, s.callbackUrl, s.secret))
                .toList();
    }

    /**
     * Writes the rows already leased to this instance (as {@link DeliveryStore#claimDue} would), so that the
     * dispatcher sends them right after commit without a claim round trip ({@link DeliveryDispatcher#onQueued});
     * if this instance dies first, the lease expires and any instance's dispatcher sends them.
     *
     * @param changes    consumed changes, in partition order (the rows are written in that order)
     * @param consumedAt when the Kafka consumer handed them over (kept on the rows: latency split)
     * @param polledAt   when the consumer's poll returned them (null if unknown; latency split)
     * @return outbox rows written (a row already there is not written again, nor sent)
     */
    @Transactional
    public int enqueue(List<Subscriber> subscribers, List<CharacteristicChanged> changes, Instant consumedAt,
                       Instant polledAt) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // a redelivered batch can hold the same event twice: one row (and one send) per webhook-id
        Map<String, DeliveryStore.Claimed> rows = new LinkedHashMap<>();
        Map<String, String> eventIds = new LinkedHashMap<>();
        for (CharacteristicChanged change : changes) {
            String payload = null;
            for (Subscriber sub : subscribers) {
                if (sub.wants(change)) {
                    payload = payload != null ? payload : payload(change);
                    String id = webhookId(sub.id(), change.eventId());
                    rows.putIfAbsent(id, new DeliveryStore.Claimed(id, sub.id(), sub.callbackUrl(), sub.secret(), payload, 1));
                    eventIds.putIfAbsent(id, change.eventId());
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<DeliveryStore.Claimed> candidates = new ArrayList<>(rows.values());
        // one statement, rows in the order given; RETURNING names exactly the rows that were not there before
        List<DeliveryStore.Claimed> written = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO delivery (id, subscription_id, event_id, payload, status, attempts, next_attempt_at, created_at,
                        consumed_at, polled_at)
                    SELECT i, sid, e, p, 'PENDING', 0, ?, ?, ?, ?
                    FROM unnest(?::varchar[], ?::uuid[], ?::varchar[], ?::text[]) WITH ORDINALITY AS x (i, sid, e, p, ord)
                    ORDER BY ord
                    ON CONFLICT DO NOTHING
                    RETURNING id""")) {
                s.setObject(1, now.plus(DeliveryStore.LEASE));
                s.setObject(2, now);
                s.setObject(3, consumedAt.atOffset(ZoneOffset.UTC));
                s.setObject(4, polledAt == null ? null : polledAt.atOffset(ZoneOffset.UTC));
                s.setArray(5, c.createArrayOf("varchar", candidates.stream().map(DeliveryStore.Claimed::id).toArray()));
                s.setArray(6, c.createArrayOf("uuid", candidates.stream().map(DeliveryStore.Claimed::subscriptionId).toArray()));
                s.setArray(7, c.createArrayOf("varchar", candidates.stream().map(r -> eventIds.get(r.id())).toArray()));
                s.setArray(8, c.createArrayOf("text", candidates.stream().map(DeliveryStore.Claimed::payload).toArray()));
                Set<String> inserted = new HashSet<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
                return candidates.stream().filter(r -> inserted.contains(r.id())).toList();
            }
        });
        if (!written.isEmpty()) {
            queued.fire(new DeliveriesQueued(written));
        }
        return written.size();
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
