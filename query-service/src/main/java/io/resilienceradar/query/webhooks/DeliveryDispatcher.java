package io.resilienceradar.query.webhooks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends outbox rows as Standard Webhooks POSTs. New rows are written already leased to this instance and sent
 * straight after their transaction commits, on the committing thread (the request goes out asynchronously), without
 * a wake-up or a claim round trip; a polling thread claims everything else that is due (retries, and rows whose
 * lease expired because an instance died before recording the attempt), so nothing is lost across restarts or
 * instances.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final int BATCH = 50;

    @Inject
    DeliveryStore store;
    @Inject
    WebhookSettings settings;

    private final Semaphore wake = new Semaphore(0);
    /** The newest round of rows sent after commit: a round starts after the previous one was answered, as in {@link #loop}. */
    private CompletableFuture<Void> fresh = CompletableFuture.completedFuture(null);
    private volatile boolean running;
    private Thread thread;
    private HttpClient http;

    void start(@Observes StartupEvent ignored) {
        // HTTP/1.1 with keep-alive: the default (HTTP/2) would offer an h2c upgrade on every new plain-http connection
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        running = true;
        thread = new Thread(this::loop, "webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        wake.release();
    }

    /** Rows just committed, leased to this instance: sent now (in parallel, after the previous such round). */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesQueued event) {
        List<DeliveryStore.Claimed> rows = event.leased();
        synchronized (this) {
            fresh = fresh.exceptionally(e -> null).thenCompose(ignored -> sendAll(rows));
        }
    }

    private CompletableFuture<Void> sendAll(List<DeliveryStore.Claimed> rows) {
        try {
            return CompletableFuture.allOf(rows.stream().map(this::send).toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            LOG.warn("could not send new deliveries (their lease will expire and they are retried)", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    private void loop() {
        while (running) {
            try {
                List<DeliveryStore.Claimed> due = store.claimDue(BATCH);
                if (!due.isEmpty()) {
                    // in parallel: one slow receiver must not hold up the others
                    sendAll(due).join();
                    continue; // there may be more due
                }
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook dispatch round failed; retrying", e);
                sleepQuietly();
            }
        }
    }

    private CompletableFuture<Void> send(DeliveryStore.Claimed c) {
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(c.callbackUrl()))
                    .timeout(settings.requestTimeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "resilience-radar-webhooks/1")
                    .header("webhook-id", c.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSigner.sign(c.secret(), c.id(), timestamp, c.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.payload()))
                    .build();
        } catch (IllegalArgumentException e) {
            store.record(c, Instant.now(), null, "invalid callback URL: " + e.getMessage(), 0);
            return CompletableFuture.completedFuture(null);
        }
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    long latencyMs = (System.nanoTime() - started) / 1_000_000;
                    try {
                        if (failure != null) {
                            store.record(c, sentAt, null, failure.getClass().getSimpleName() + ": " + failure.getMessage(), latencyMs);
                        } else {
                            store.record(c, sentAt, response.statusCode(), null, latencyMs);
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "could not record delivery %s (the lease will expire and it is retried)", c.id());
                    }
                    return null;
                });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
