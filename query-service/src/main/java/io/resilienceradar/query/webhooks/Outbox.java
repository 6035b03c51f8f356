package io.resilienceradar.query.webhooks;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.persistence.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
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
 * Writes one delivery row per matching active subscription, inside the caller's transaction (the one that stores
 * the change), so a change is never stored without its deliveries nor a delivery without its change.
 */
@ApplicationScoped
public class Outbox {
    public static final String EVENT_TYPE = "characteristic.changed";

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(List<CharacteristicChanged> changes, Instant consumedAt) {
        List<SubscriptionRow> active = SubscriptionRow.list("status", SubscriptionRow.ACTIVE);
        if (active.isEmpty()) {
            return 0;
        }
        List<ChangeFilter> filters = active.stream().map(s -> Json.read(s.filter, ChangeFilter.class)).toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // one JDBC batch (a release can match many transitions); each statement's count still tells a duplicate
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO delivery (id, subscription_id, event_id, payload, status, attempts, next_attempt_at, created_at,
                        consumed_at)
                    VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                    ON CONFLICT (subscription_id, event_id) DO NOTHING""")) {
                int rows = 0;
                for (CharacteristicChanged change : changes) {
                    String payload = null;
                    for (int i = 0; i < active.size(); i++) {
                        if (!filters.get(i).matches(change)) {
                            continue;
                        }
                        SubscriptionRow sub = active.get(i);
                        payload = payload != null ? payload : payload(change);
                        s.setString(1, webhookId(sub.id, change.eventId()));
                        s.setObject(2, sub.id);
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
                int queued = 0;
                for (int count : s.executeBatch()) {
                    queued += count == PreparedStatement.SUCCESS_NO_INFO ? 1 : count;
                }
                return queued;
            }
        });
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
