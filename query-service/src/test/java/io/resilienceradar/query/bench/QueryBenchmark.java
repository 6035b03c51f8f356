package io.resilienceradar.query.bench;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.local.RadarInfra;
import io.resilienceradar.local.ServiceProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: measures the packaged service (target/quarkus-app) as a process on the real broker and database.
 * Run with {@code ./mvnw -pl query-service package -DskipTests} then
 * {@code ./mvnw -pl query-service verify -DexcludedGroups= -Dgroups=benchmark}; results in
 * {@code target/benchmark-query.txt} (copied by hand into docs/benchmarks-query.md). Needs {@code wrk}.
 */
@Tag("benchmark")
class QueryBenchmark {
    private static final int TOWNS = Integer.getInteger("bench.towns", 1000);
    private static final String DURATION = System.getProperty("bench.duration", "20s");
    private static final String CONNECTIONS = System.getProperty("bench.connections", "32");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> report = new ArrayList<>();

    @Test
    void townProfileUnderWrkBesideABareEndpoint() throws Exception {
        RadarInfra infra = RadarInfra.shared();
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig("query"));
        config.remove("smallrye.jwt.sign.key.location");
        int port = freePort();
        try (ServiceProcess query = new ServiceProcess("query-service", ServiceProcess.jarOf(root, "query-service"), port,
                config, Path.of("target/benchmark-query-service.log"), List.of("-Xmx512m")).start()) {
            query.awaitReady(Duration.ofSeconds(120));
            say("machine: " + Runtime.getRuntime().availableProcessors() + " cores; " + Instant.now());

            // materialisation throughput: TOWNS profiles (14 characteristics x 4 criteria each) through Kafka;
            // a first round warms the consumers up (group join, JIT), the second is timed
            publishProfiles(infra, 1);
            while (total(query.url()) < TOWNS) {
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            publishProfiles(infra, 2);
            while (!allAtRevision(query.url(), 2)) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            say(String.format("materialised %d new profile revisions in %.2f s: %.0f profiles/s", TOWNS, seconds, TOWNS / seconds));

            for (String path : List.of("/towns/E63000042", "/towns?limit=50", "/towns?characteristic=G&limit=50",
                    "/towns?characteristic=G&membership=full&limit=50", "/towns?q=town%2042&limit=50", "/characteristics")) {
                say(String.format("sequential GET %-50s median %.2f ms", path, medianMillis(query.url() + path)));
            }

            String town = query.url() + "/towns/E63000042";
            String ping = query.url() + "/ping";
            wrk("warm-up town", town, "10s");
            wrk("warm-up ping", ping, "10s");
            for (int round = 1; round <= 2; round++) {
                wrk("round " + round + " bare /ping", ping, DURATION);
                wrk("round " + round + " GET /towns/{code}", town, DURATION);
            }
            wrk("GET /towns?characteristic=G&membership=full&limit=50", query.url()
                    + "/towns?characteristic=G&membership=full&limit=50", "10s");
        } finally {
            Files.write(Path.of("target/benchmark-query.txt"), report);
        }
    }

    private void publishProfiles(RadarInfra infra, long revision) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < TOWNS; i++) {
                TownProfile p = profile(String.format("E63%06d", i), i, revision);
                ProducerRecord<String, String> r = new ProducerRecord<>(Topics.TOWN_PROFILES, p.townCode(), Json.writeString(p));
                r.headers().add("ce_type", EventTypes.TOWN_PROFILE.getBytes(StandardCharsets.UTF_8));
                r.headers().add("ce_id", (p.townCode() + "-" + revision).getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
        }
    }

    private boolean allAtRevision(String base, long revision) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/towns?limit=1&sort=revision")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().contains("\"revision\":" + revision);
    }

    private double medianMillis(String url) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            long t = System.nanoTime();
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            times.add((System.nanoTime() - t) / 1e6);
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private long total(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/towns?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void wrk(String label, String url, String duration) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d" + duration, "--latency", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher rps = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
        Matcher p50 = Pattern.compile("\\s50%\\s+(\\S+)").matcher(out);
        Matcher p99 = Pattern.compile("\\s99%\\s+(\\S+)").matcher(out);
        Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        say(String.format("%-55s req/s %10s  p50 %8s  p99 %8s%s", label, rps.find() ? rps.group(1) : "?",
                p50.find() ? p50.group(1) : "?", p99.find() ? p99.group(1) : "?",
                errors.find() ? "  NON-2XX " + errors.group(1) : ""));
    }

    private void say(String line) {
        System.out.println("[bench] " + line);
        report.add(line);
    }

    private static TownProfile profile(String code, int i, long revision) {
        String[] letters = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};
        List<CharacteristicState> states = new ArrayList<>();
        for (int c = 0; c < letters.length; c++) {
            Membership m = (i + c) % 7 == 0 ? Membership.FULL : (i + c) % 5 == 0 ? Membership.PARTIAL : Membership.NONE;
            List<CriterionEvidence> criteria = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                criteria.add(new CriterionEvidence(letters[c] + k, "indicator-" + letters[c] + k, "above towns mean",
                        10.0 + (i % 13), 11.0, 10.5, 50.0 + (i % 50), k <= 3, "2021", "census-2021/2021/1", null));
            }
            states.add(new CharacteristicState("char-" + letters[c].toLowerCase(), letters[c], "Characteristic " + letters[c],
                    m, m == Membership.FULL ? 4 : m == Membership.PARTIAL ? 3 : 1, criteria));
        }
        return new TownProfile(1, code, "Town " + i, "Region " + (i % 10), i % 9 == 0 ? "Wales" : "England",
                i % 3 == 0 ? "Small" : i % 3 == 1 ? "Medium" : "Large", i % 4 == 0, "rb-bench", revision, Instant.now(),
                List.of("census-2021/2021/1"), states);
    }
}
