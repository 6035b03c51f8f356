package io.resilienceradar.query.webhooks;

import io.resilienceradar.query.persistence.DeliveryAttemptRow;
import io.resilienceradar.query.persistence.DeliveryRow;
import io.resilienceradar.query.persistence.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The outbox's state transitions, each in its own short transaction (never held across an HTTP call). */
@ApplicationScoped
public class DeliveryStore {
    /** How long a claimed delivery stays invisible to other dispatchers (instances) before it is retried. */
    static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    EntityManager em;
    @Inject
    WebhookSettings settings;

    /** What the dispatcher needs to send one delivery. */
    public record Claimed(String id, UUID subscriptionId, String callbackUrl, String secret, String payload, int attempt) {
    }

    /** Claims due deliveries of active subscriptions; SKIP LOCKED lets several instances share the outbox. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(int max) {
        Instant now = Instant.now();
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT d.id, d.subscription_id, s.callback_url, s.secret, d.payload, d.attempts
                        FROM delivery d JOIN subscription s ON s.id = d.subscription_id
                        WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?1 AND s.status = 'ACTIVE'
                        ORDER BY d.next_attempt_at
                        LIMIT ?2
                        FOR UPDATE OF d SKIP LOCKED""")
                .setParameter(1, now).setParameter(2, max).getResultList();
        List<Claimed> claimed = rows.stream().map(r -> new Claimed((String) r[0], (UUID) r[1], (String) r[2],
                (String) r[3], (String) r[4], ((Number) r[5]).intValue() + 1)).toList();
        for (Claimed c : claimed) {
            em.createNativeQuery("UPDATE delivery SET next_attempt_at = ?1 WHERE id = ?2")
                    .setParameter(1, now.plus(LEASE)).setParameter(2, c.id()).executeUpdate();
        }
        return claimed;
    }

    /**
     * Records one attempt (made at {@code sentAt}): 2xx delivers; 410 Gone disables the subscription; anything else schedules a retry with
     * exponential backoff, gives the delivery up after max-attempts, and disables the subscription after
     * disable-after-failures failed attempts in a row.
     */
    @Transactional
    public void record(Claimed c, Instant sentAt, Integer statusCode, String error, long latencyMs) {
        Instant now = Instant.now();
        DeliveryAttemptRow attempt = new DeliveryAttemptRow();
        attempt.deliveryId = c.id();
        attempt.attempt = c.attempt();
        attempt.attemptedAt = sentAt;
        attempt.statusCode = statusCode;
        attempt.latencyMs = latencyMs;
        attempt.error = truncate(error);
        attempt.persist();

        DeliveryRow d = DeliveryRow.findById(c.id());
        SubscriptionRow s = SubscriptionRow.findById(c.subscriptionId());
        if (d == null || s == null) {
            return; // subscription deleted meanwhile
        }
        d.attempts = c.attempt();
        d.lastStatusCode = statusCode;
        d.lastError = truncate(error);
        d.lastLatencyMs = latencyMs;
        boolean ok = statusCode != null && statusCode >= 200 && statusCode < 300;
        if (ok) {
            d.status = DeliveryRow.DELIVERED;
            d.deliveredAt = now;
            s.consecutiveFailures = 0;
            return;
        }
        s.consecutiveFailures++;
        if (statusCode != null && statusCode == 410) {
            d.status = DeliveryRow.FAILED;
            disable(s, "receiver answered 410 Gone");
            return;
        }
        if (d.attempts >= settings.maxAttempts()) {
            d.status = DeliveryRow.FAILED;
        } else {
            d.nextAttemptAt = now.plus(settings.backoff(d.attempts));
        }
        if (s.consecutiveFailures >= settings.disableAfterFailures()) {
            disable(s, s.consecutiveFailures + " failed attempts in a row");
        }
    }

    private static void disable(SubscriptionRow s, String reason) {
        s.status = SubscriptionRow.DISABLED;
        s.disabledReason = reason;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
