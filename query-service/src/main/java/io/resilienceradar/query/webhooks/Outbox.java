package io.resilienceradar.query.webhooks;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.persistence.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    public int enqueue(List<CharacteristicChanged> changes) {
        List<SubscriptionRow> active = SubscriptionRow.list("status", SubscriptionRow.ACTIVE);
        if (active.isEmpty()) {
            return 0;
        }
        List<ChangeFilter> filters = active.stream().map(s -> Json.read(s.filter, ChangeFilter.class)).toList();
        Instant now = Instant.now();
        int queued = 0;
        for (CharacteristicChanged change : changes) {
            String payload = null;
            for (int i = 0; i < active.size(); i++) {
                if (!filters.get(i).matches(change)) {
                    continue;
                }
                SubscriptionRow s = active.get(i);
                payload = payload != null ? payload : payload(change);
                queued += em.createNativeQuery("""
                                INSERT INTO delivery (id, subscription_id, event_id, payload, status, attempts, next_attempt_at, created_at)
                                VALUES (?1, ?2, ?3, ?4, 'PENDING', 0, ?5, ?5)
                                ON CONFLICT (subscription_id, event_id) DO NOTHING""")
                        .setParameter(1, webhookId(s.id, change.eventId())).setParameter(2, s.id)
                        .setParameter(3, change.eventId()).setParameter(4, payload).setParameter(5, now)
                        .executeUpdate();
            }
        }
        return queued;
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
