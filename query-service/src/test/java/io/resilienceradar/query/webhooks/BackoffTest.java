package io.resilienceradar.query.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final WebhookSettings settings = new WebhookSettings() {
        public Optional<List<String>> allowlist() { return Optional.empty(); }
        public Duration pollInterval() { return Duration.ofSeconds(1); }
        public Duration backoffBase() { return Duration.ofSeconds(2); }
        public Duration backoffMax() { return Duration.ofMinutes(1); }
        public int maxAttempts() { return 10; }
        public int disableAfterFailures() { return 30; }
        public Duration requestTimeout() { return Duration.ofSeconds(5); }
    };

    @Test
    void doublesFromTheBaseAndIsCapped() {
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.backoff(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofMinutes(1));
    }
}
