package io.resilienceradar.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.local.BundledReleases;
import io.resilienceradar.local.FlipRelease;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test (opt-in: {@code -Dbench.e2e=true}): the whole system as three packaged processes on the
 * real broker and database, a real HTTP receiver subscribed to one town, and {@code bench.releases} (100) small
 * releases published one after the other at ingest, each flipping that town's membership. Measured per release:
 * publish accepted (ingest's HTTP answer) → webhook received, split at the change event's {@code occurredAt}
 * (stamped by scoring-service) into ingest+scoring and query+delivery, and the second part again at the change
 * record's Kafka timestamp and query-service's own instants (see {@link #report}), and ingest's answer by its own
 * phases (its {@code answer phases} log lines). Pacing ({@code bench.e2e.pace}): {@code at-rest} (default) posts each
 * release to a quiescent system ({@link AtRest}); {@code back-to-back} posts it when the previous webhook arrived,
 * while the previous release is still being relayed and materialised. Report: {@code target/benchmark-e2e.txt}.
 */
@EnabledIfSystemProperty(named = "bench.e2e", matches = "true")
class ReleaseToWebhookBenchmarkIT {
    private static final int RELEASES = Integer.getInteger("bench.releases", 100);
    /** at-rest (default): each release reaches a quiescent system; back-to-back: posted when the last webhook arrives. */
    private static final String PACE = System.getProperty("bench.e2e.pace", "at-rest");
    /**
     * Releases sent first and not counted: the three services' JVMs compile the one-release path during the first
     * ones (as the scoring benchmark showed, the first releases after the bundled load are the slowest of a run).
     */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    private static final Duration REST_HOLD = Duration.ofMillis(300);
    private static final Path INGEST_LOG = Path.of(System.getProperty("radar.project.root", ".."))
            .resolve("system-tests/target/service-logs/ingest-service.log");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> report = new ArrayList<>();

    record Arrival(long receivedNanos, Instant receivedAt, JsonNode body) {
    }

    @Test
    void publishAcceptedToWebhookReceived() throws Exception {
        // the webhook queue delivers at once in this run: no backoff is involved when the receiver answers 2xx
        // offsets committed every 100 ms (default 5 s) so that "at rest" can be seen from outside soon after it is;
        // ingest logs the phases of its answer (AnswerPhases) for the split below
        assertThat(PACE).as("bench.e2e.pace").isIn("at-rest", "back-to-back");
        try (RunningSystem system = new RunningSystem(Map.of("radar.webhooks.poll-interval", "PT1S",
                "kafka.auto.commit.interval.ms", "100",
                "quarkus.log.category.\"io.resilienceradar.ingest.service.AnswerPhases\".level", "DEBUG"));
             AtRest rest = new AtRest(system)) {
            say("machine: " + Runtime.getRuntime().availableProcessors() + " cores; " + Instant.now() + "; load "
                    + load());
            say("pacing: " + PACE + ("at-rest".equals(PACE)
                    ? " (each POST waits until every consumer group has consumed everything and scoring's outbox is"
                    + " empty, held " + REST_HOLD.toMillis() + " ms)"
                    : " (each POST as soon as the previous release's webhook arrived)"));
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

                long logFrom = Files.exists(INGEST_LOG) ? Files.size(INGEST_LOG) : 0; // the log is appended to across runs
                List<Sample> samples = new ArrayList<>();
                List<Long> restWaits = new ArrayList<>();
                List<Long> warmupMillis = new ArrayList<>();
                for (int v = 1; v <= RELEASES + WARMUP; v++) { // the first WARMUP warm the path up, not counted
                    String releaseId = flip.releaseId(v);
                    if ("at-rest".equals(PACE)) {
                        restWaits.add(rest.await(REST_HOLD, Duration.ofMinutes(2)).toMillis());
                    }
                    long t0 = System.nanoTime();
                    Instant postedAt = Instant.now();
                    Instant acceptedAt;
                    HttpResponse<String> r = http.send(flip.publish(system.ingest.url(), system.tokens.publisher(), v),
                            HttpResponse.BodyHandlers.ofString());
                    acceptedAt = Instant.now();
                    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
                    Arrival a = awaitWebhookFor(arrivals, releaseId);
                    Instant occurred = Instant.parse(a.body().path("data").path("occurredAt").asText());
                    if (v <= WARMUP) {
                        warmupMillis.add(TimeUnit.NANOSECONDS.toMillis(a.receivedNanos() - t0));
                    } else {
                        samples.add(new Sample(releaseId, a.body().path("data").path("eventId").asText(),
                                TimeUnit.NANOSECONDS.toMicros(a.receivedNanos() - t0), postedAt, acceptedAt, occurred, a.receivedAt()));
                    }
                    arrivals.clear(); // a release may flip more than one characteristic of the town
                }
                say("load after: " + load());
                say("warm-up releases (not counted), ms: " + warmupMillis);
                if (!restWaits.isEmpty()) {
                    List<Long> w = restWaits.stream().sorted().toList();
                    say(String.format(Locale.ROOT, "waited for rest before each POST: p50 %d ms, p95 %d ms, max %d ms"
                            + " (including the %d ms hold)", pct(w, 50), pct(w, 95), w.get(w.size() - 1), REST_HOLD.toMillis()));
                }
                report(samples, kafkaTimestamps(system, flip.townCode()), queryTimings(system, samples));
                reportAnswerPhases(samples.stream().map(s -> s.releaseId()).toList(), logFrom);
            } finally {
                receiver.stop(0);
            }
        } finally {
            Files.write(Path.of("target/benchmark-e2e.txt"), report);
        }
    }

    /** One release: the webhook's event, publish → received (µs), and the instants it is split at. */
    record Sample(String releaseId, String eventId, long totalMicros, Instant postedAt, Instant acceptedAt, Instant occurredAt, Instant receivedAt) {
    }

    /** query-service's own instants for one delivery (its outbox row and first attempt). */
    record QueryTimes(Instant polledAt, Instant consumedAt, Instant queuedAt, Instant sentAt) {
    }

    /**
     * Prints p50 / p95 / max of the total, the coarse split at {@code occurredAt}, and the second hop split at the
     * change record's Kafka timestamp (CreateTime: set by scoring-service's producer at send) and at query-service's
     * instants: consumed (the batch reached the consumer), queued (its outbox row written, committed right after),
     * sent (first attempt). All on one machine, one clock.
     */
    private void report(List<Sample> samples, Map<String, Instant> kafka, Map<String, QueryTimes> query) {
        say(String.format(Locale.ROOT, "%d releases, publish (POST /releases at ingest) → webhook received:", samples.size()));
        hop("total (POST sent → received)", samples, s -> s.totalMicros());
        // ingest answers after its Kafka transaction commits, so scoring may stamp occurredAt before the answer
        hop("publish (POST sent → ingest's answer)", samples, s -> micros(s.postedAt(), s.acceptedAt()));
        hop("ingest + scoring (POST sent → occurredAt)", samples, s -> micros(s.postedAt(), s.occurredAt()));
        hop("query + delivery (occurredAt → received)", samples, s -> micros(s.occurredAt(), s.receivedAt()));
        List<Sample> split = samples.stream()
                .filter(s -> kafka.containsKey(s.eventId()) && query.containsKey(s.eventId())
                        && query.get(s.eventId()).consumedAt() != null && query.get(s.eventId()).sentAt() != null)
                .toList();
        say(String.format(Locale.ROOT, "second hop split (%d of %d releases):", split.size(), samples.size()));
        hop("scoring commit + relay (occurredAt → Kafka timestamp)", split, s -> micros(s.occurredAt(), kafka.get(s.eventId())));
        hop("Kafka → consumed by query-service", split, s -> micros(kafka.get(s.eventId()), query.get(s.eventId()).consumedAt()));
        List<Sample> polled = split.stream().filter(s -> query.get(s.eventId()).polledAt() != null).toList();
        hop("  · Kafka → polled (producer send, broker, fetch)", polled, s -> micros(kafka.get(s.eventId()), query.get(s.eventId()).polledAt()));
        hop("  · polled → consumed (queued in query-service)", polled, s -> micros(query.get(s.eventId()).polledAt(), query.get(s.eventId()).consumedAt()));
        hop("consumed → outbox row written", split, s -> micros(query.get(s.eventId()).consumedAt(), query.get(s.eventId()).queuedAt()));
        hop("outbox row → sent (commit, send)", split, s -> micros(query.get(s.eventId()).queuedAt(), query.get(s.eventId()).sentAt()));
        hop("sent → received", split, s -> micros(query.get(s.eventId()).sentAt(), s.receivedAt()));
        slowest(samples, kafka, query);
    }

    /** The five slowest releases hop by hop (ms; "-" where an instant is missing): which hop makes the tail. */
    private void slowest(List<Sample> samples, Map<String, Instant> kafka, Map<String, QueryTimes> query) {
        say("slowest releases (#n = n-th counted release), ms: total | answer | →occurredAt | →Kafka | →polled"
                + " | →consumed | →outbox row | →sent | →received");
        samples.stream().sorted((a, b) -> Long.compare(b.totalMicros(), a.totalMicros())).limit(5).forEach(s -> {
            QueryTimes q = query.get(s.eventId());
            Instant k = kafka.get(s.eventId());
            Instant[] at = {s.postedAt(), s.occurredAt(), k, q == null ? null : q.polledAt(),
                    q == null ? null : q.consumedAt(), q == null ? null : q.queuedAt(), q == null ? null : q.sentAt(),
                    s.receivedAt()};
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  #%-3d %7.1f | %6.1f",
                    samples.indexOf(s) + 1, s.totalMicros() / 1000.0, micros(s.postedAt(), s.acceptedAt()) / 1000.0));
            for (int i = 1; i < at.length; i++) {
                line.append(at[i] == null || at[i - 1] == null ? " |      -"
                        : String.format(Locale.ROOT, " | %6.1f", micros(at[i - 1], at[i]) / 1000.0));
            }
            say(line.toString());
        });
    }

    /**
     * ingest's own split of its answer, from its {@code answer phases} DEBUG lines (AnswerPhases) in its log: the
     * phases inside IngestService; what the harness measures beyond {@code total} is HTTP, auth and the gzip body.
     */
    private void reportAnswerPhases(List<String> releaseIds, long logFrom) throws IOException {
        if (!Files.exists(INGEST_LOG)) {
            return;
        }
        Set<String> wanted = Set.copyOf(releaseIds);
        Pattern line = Pattern.compile("answer phases (\\S+):(.*)");
        Map<String, List<Long>> byPhase = new LinkedHashMap<>();
        byte[] all = Files.readAllBytes(INGEST_LOG);
        String tail = new String(all, (int) Math.min(logFrom, all.length), all.length - (int) Math.min(logFrom, all.length),
                StandardCharsets.UTF_8);
        try (Stream<String> lines = tail.lines()) {
            lines.forEach(l -> {
                Matcher m = line.matcher(l);
                if (m.find() && wanted.contains(m.group(1))) {
                    for (String kv : m.group(2).trim().split(" ")) {
                        String[] p = kv.split("=");
                        byPhase.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Math.round(Double.parseDouble(p[1]) * 1000));
                    }
                }
            });
        }
        if (byPhase.isEmpty()) {
            return;
        }
        say(String.format(Locale.ROOT, "ingest's answer split (its own log, %d releases):", byPhase.values().iterator().next().size()));
        byPhase.forEach((phase, xs) -> {
            List<Long> sorted = xs.stream().sorted().toList();
            say(String.format(Locale.ROOT, "  %-52s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms", phase,
                    pct(sorted, 50) / 1000.0, pct(sorted, 95) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0));
        });
    }

    private void hop(String name, List<Sample> samples, ToLongFunction<Sample> micros) {
        if (samples.isEmpty()) {
            return;
        }
        List<Long> xs = samples.stream().map(micros::applyAsLong).sorted().toList();
        say(String.format(Locale.ROOT, "  %-52s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms",
                name, pct(xs, 50) / 1000.0, pct(xs, 95) / 1000.0, xs.get(xs.size() - 1) / 1000.0));
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    /** eventId → Kafka timestamp of the town's change records (read after the run, so it does not load it). */
    private static Map<String, Instant> kafkaTimestamps(RunningSystem system, String townCode) {
        Map<String, Instant> out = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(Map.of(
                             "bootstrap.servers", system.infra.bootstrapServers(), "enable.auto.commit", "false"),
                             new StringDeserializer(),
                             new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHARACTERISTIC_CHANGES)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (townCode.equals(r.key()) && r.value() != null) {
                        out.put(Json.MAPPER.readTree(r.value()).path("eventId").asText(), Instant.ofEpochMilli(r.timestamp()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** eventId → query-service's instants, from its outbox and delivery log (read after the run). */
    private static Map<String, QueryTimes> queryTimings(RunningSystem system, List<Sample> samples) {
        Map<String, QueryTimes> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(system.infra.jdbcUrl("query"),
                system.infra.dbUser(), system.infra.dbPassword());
             PreparedStatement s = c.prepareStatement("""
                     SELECT d.event_id, d.polled_at, d.consumed_at, d.created_at, a.attempted_at FROM delivery d
                     LEFT JOIN delivery_attempt a ON a.delivery_id = d.id AND a.attempt = 1
                     WHERE d.event_id = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("varchar", samples.stream().map(Sample::eventId).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new QueryTimes(instant(rs, 2), instant(rs, 3), instant(rs, 4), instant(rs, 5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
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
