package io.resilienceradar.query.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Delivery tuning, {@code radar.webhooks.*}. */
@ConfigMapping(prefix = "radar.webhooks")
public interface WebhookSettings {
    /** Hosts or IPs allowed although private or loopback. */
    Optional<List<String>> allowlist();

    @WithName("poll-interval")
    Duration pollInterval();

    /** First retry delay; doubled at every further attempt, capped by {@link #backoffMax()}. */
    @WithName("backoff-base")
    Duration backoffBase();

    @WithName("backoff-max")
    Duration backoffMax();

    /** After this many failed attempts a delivery is given up (status FAILED). */
    @WithName("max-attempts")
    int maxAttempts();

    /** After this many failed attempts in a row (any delivery) the subscription is disabled. */
    @WithName("disable-after-failures")
    int disableAfterFailures();

    @WithName("request-timeout")
    Duration requestTimeout();

    /** The delay before retry number {@code attempts} (1 = first retry). */
    default Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration d = backoffBase().multipliedBy(factor);
        return d.compareTo(backoffMax()) > 0 ? backoffMax() : d;
    }
}
