package io.resilienceradar.query.webhooks;

import io.resilienceradar.query.persistence.DeliveryAttemptRow;
import io.resilienceradar.query.persistence.DeliveryRow;
import io.resilienceradar.query.persistence.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Claims due deliveries of active subscriptions, oldest due first, in one statement (a round trip is latency
     * on a busy machine): their lease is taken by moving next_attempt_at; SKIP LOCKED lets several instances share
     * the outbox.
     */
    @Transactional
    public List<Claimed> claimDue(int max) {
        Instant now = Instant.now();
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    WITH due AS (
                        SELECT d.id, d.next_attempt_at FROM delivery d JOIN subscription s ON s.id = d.subscription_id
                        WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND s.status = 'ACTIVE'
                        ORDER BY d.next_attempt_at
                        LIMIT ?
                        FOR UPDATE OF d SKIP LOCKED)
                    UPDATE delivery d SET next_attempt_at = ?
                    FROM due, subscription s
                    WHERE d.id = due.id AND s.id = d.subscription_id
                    RETURNING d.id, d.subscription_id, s.callback_url, s.secret, d.payload, d.attempts, due.next_attempt_at""")) {
                s.setObject(1, now.atOffset(ZoneOffset.UTC));
                s.setInt(2, max);
                s.setObject(3, now.plus(LEASE).atOffset(ZoneOffset.UTC));
                record Due(OffsetDateTime at, Claimed claimed) {
                }
                List<Due> due = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getObject(7, OffsetDateTime.class), new Claimed(rs.getString(1),
                                rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6) + 1)));
                    }
                }
                // RETURNING keeps no order: oldest due first, as selected
                return due.stream().sorted(Comparator.comparing(Due::at)).map(Due::claimed).toList();
            }
        });
    }

    /**
     * Records one attempt (made at {@code sentAt}): 2xx delivers; 410 Gone disables the subscription; anything
     * else schedules a retry with exponential backoff, gives the delivery up after max-attempts, and disables the
     * subscription after disable-after-failures failed attempts in a row. A transaction of its own: it can be called
     * on the thread that just committed the outbox rows, after that commit ({@link DeliveryDispatcher#onQueued}).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
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
