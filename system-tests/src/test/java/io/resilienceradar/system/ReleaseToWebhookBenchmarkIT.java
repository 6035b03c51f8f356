package io.resilienceradar.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.local.BundledReleases;
import io.resilienceradar.local.FlipRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test (opt-in: {@code -Dbench.e2e=true}): the whole system as three packaged processes on the
 * real broker and database, a real HTTP receiver subscribed to one town, and {@code bench.releases} (100) small
 * releases published one after the other at ingest, each flipping that town's membership. Measured per release:
 * publish accepted (ingest's HTTP answer) → webhook received, split at the change event's {@code occurredAt}
 * (stamped by scoring-service) into ingest+scoring and query+delivery. Report: {@code target/benchmark-e2e.txt}.
 */
@EnabledIfSystemProperty(named = "bench.e2e", matches = "true")
class ReleaseToWebhookBenchmarkIT {
    private static final int RELEASES = Integer.getInteger("bench.releases", 100);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> report = new ArrayList<>();

    record Arrival(long receivedNanos, Instant receivedAt, JsonNode body) {
    }

    @Test
    void publishAcceptedToWebhookReceived() throws Exception {
        // the webhook queue delivers at once in this run: no backoff is involved when the receiver answers 2xx
        try (RunningSystem system = new RunningSystem(Map.of("radar.webhooks.poll-interval", "PT1S"))) {
            say("machine: " + Runtime.getRuntime().availableProcessors() + " cores; " + Instant.now() + "; load "
                    + load());
            List<String> bundled = new ArrayList<>();
            BundledReleases.publishAll(system.ingest.url(), system.tokens.publisher(), m -> {
                if (m.startsWith("published ")) {
                    bundled.add(m);
                }
            });
            awaitBundledApplied(system, bundled.size());
            FlipRelease flip = FlipRelease.choose(json(system.scoring.url() + "/towns", null),
                    json(system.query.url() + "/characteristics", null));
            assertThat(flip).as("a town whose membership a population estimate flips").isNotNull();
            say("town: " + flip.describe());

            BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/hook", ex -> {
                long now = System.nanoTime();
                byte[] body = ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
                ex.close();
                arrivals.add(new Arrival(now, Instant.now(), Json.MAPPER.readTree(body)));
            });
            receiver.start();
            try {
                String subscriber = system.tokens.subscriber();
                String body = "{\"callbackUrl\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                        + " \"filter\": {\"towns\": [\"" + flip.townCode() + "\"]}}";
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(system.query.url() + "/subscriptions"))
                        .header("Authorization", "Bearer " + subscriber).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

                List<long[]> samples = new ArrayList<>(); // total, accepted→occurredAt, occurredAt→received (µs)
                for (int v = 1; v <= RELEASES + 2; v++) { // the first two warm the path up and are not counted
                    String releaseId = flip.releaseId(v);
                    long t0 = System.nanoTime();
                    Instant acceptedAt;
                    HttpResponse<String> r = http.send(flip.publish(system.ingest.url(), system.tokens.publisher(), v),
                            HttpResponse.BodyHandlers.ofString());
                    acceptedAt = Instant.now();
                    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
                    Arrival a = awaitWebhookFor(arrivals, releaseId);
                    Instant occurred = Instant.parse(a.body().path("data").path("occurredAt").asText());
                    long total = TimeUnit.NANOSECONDS.toMicros(a.receivedNanos() - t0);
                    long scoring = Duration.between(acceptedAt, occurred).toNanos() / 1000;
                    long delivery = Duration.between(occurred, a.receivedAt()).toNanos() / 1000;
                    if (v > 2) {
                        samples.add(new long[] {total, scoring, delivery});
                    }
                    arrivals.clear(); // a release may flip more than one characteristic of the town
                }
                say(String.format(Locale.ROOT, "%d releases, publish (POST /releases at ingest) → webhook received:",
                        samples.size()));
                for (int i = 0; i < 3; i++) {
                    int k = i;
                    List<Long> xs = samples.stream().map(s -> s[k]).sorted().toList();
                    say(String.format(Locale.ROOT, "  %-38s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms",
                            new String[] {"total (accepted → received)", "ingest + scoring (accepted → occurredAt)",
                                    "query + delivery (occurredAt → received)"}[i],
                            pct(xs, 50) / 1000.0, pct(xs, 95) / 1000.0, xs.get(xs.size() - 1) / 1000.0));
                }
                say("load after: " + load());
            } finally {
                receiver.stop(0);
            }
        } finally {
            Files.write(Path.of("target/benchmark-e2e.txt"), report);
        }
    }

    private static Arrival awaitWebhookFor(BlockingQueue<Arrival> arrivals, String releaseId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Arrival a = arrivals.poll(1, TimeUnit.SECONDS);
            if (a != null && a.body().path("data").path("causedBy").toString().contains(releaseId)) {
                return a;
            }
        }
        throw new AssertionError("no webhook for " + releaseId + " within 2 minutes");
    }

    /** Until scoring-service has applied every bundled release and query-service holds all their changes. */
    private void awaitBundledApplied(RunningSystem system, int bundled) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode releases = json(system.scoring.url() + "/releases", null);
            long changes = 0;
            for (JsonNode r : releases) {
                changes += r.path("changes").asLong();
            }
            long stored = json(system.query.url() + "/changes?limit=1", null).path("total").asLong();
            if (releases.size() >= bundled && stored >= changes) {
                say("bundled releases applied: " + releases.size() + ", " + stored + " changes materialised");
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("the bundled releases were not applied within 10 minutes");
    }

    private JsonNode json(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void say(String line) {
        System.out.println("[bench] " + line);
        report.add(line);
    }
}
