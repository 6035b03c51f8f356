package io.resilienceradar.scoring.perf;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.local.RadarInfraResource;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.resilienceradar.scoring.app.PhaseTimers;
import jakarta.inject.Inject;
import io.resilienceradar.scoring.it.ReleaseSender;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;


/**
 * Benchmark, not a test (skipped unless {@code -Dradar.bench=true}): on the real register and data (every bundled
 * release applied first), time from the acked sealing record of a one-indicator release for every town to the last
 * of its change events on Kafka, over 100 releases, with the mean time of each phase of applying and relaying
 * ({@link PhaseTimers}). Numbers go to docs/benchmarks-scoring.md.
 * <pre>./mvnw -o -q -pl scoring-service -am test -Dtest=ReleaseLatencyBenchmark -Dradar.bench=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@QuarkusTestResource(value = RadarInfraResource.class, initArgs = @ResourceArg(name = "database", value = "scoring_bench"))
@EnabledIfSystemProperty(named = "radar.bench", matches = "true")
class ReleaseLatencyBenchmark {
    private static final int RELEASES = Integer.getInteger("radar.bench.releases", 100);
    /**
     * Releases sent first and reported apart, not in the percentiles: the first releases after the bundled load run
     * the one-indicator path before the JIT has compiled it, and meet the collector's first pauses after the load's
     * garbage (300–500 ms each; with 10 warm-up releases the next five were still the five slowest of 100), which
     * says how a fresh JVM starts, not how a running service keeps up. The heap is also collected once before them.
     */
    private static final int WARMUP = Integer.getInteger("radar.bench.warmup", 20);
    private static final String BENCH_DATASET = "bench-one-indicator";
    /**
     * {@code at-rest} (default): each release is sent once the previous one is wholly through (no unsent outbox row of
     * any kind: its change events and its profiles acked by the broker), as releases of official statistics arrive
     * minutes to days apart. {@code back-to-back}: the next release is sent the moment the previous one's last change
     * event is seen, so its profile relay and the broker's work on it run during the next measurement (stress figure).
     */
    private static final String PACE = System.getProperty("radar.bench.pace", "at-rest");

    @Inject
    AgroalDataSource ds;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void sealToLastChangeEvent() throws Exception {
        try (ReleaseSender sender = new ReleaseSender(bootstrap);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            double loadSeconds = BundledLoad.sendAndAwaitRelayed(sender, ds);
            System.gc(); // the load's garbage, collected before the warm-up rather than in it
            List<String> towns = RestAssured.get("/towns").jsonPath().getList("townCode");

            List<TopicPartition> parts = consumer.partitionsFor(Topics.CHARACTERISTIC_CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);

            Map<String, double[]> phasesBefore = null;
            Map<Long, ThreadCpu> cpuBefore = null;
            Map<Long, ThreadCpu> childCpuBefore = null;
            long walBefore = 0;
            long[] warmupMicros = new long[WARMUP];
            Random random = new Random(42);
            if (!PACE.equals("at-rest") && !PACE.equals("back-to-back")) {
                throw new IllegalArgumentException("radar.bench.pace is at-rest or back-to-back, not " + PACE);
            }
            long restWaitNanos = 0;
            long[] latenciesMicros = new long[RELEASES];
            int[] events = new int[RELEASES];
            // per release: each phase's time between its seal and its last change event, and GC time in that window
            List<Map<String, Double>> perRelease = new ArrayList<>();
            for (int n = 0; n < WARMUP + RELEASES; n++) {
                int i = n - WARMUP; // measured releases count from 0
                if (i == 0) {
                    phasesBefore = phases();
                    cpuBefore = threadCpu();
                    childCpuBefore = childProcessCpu();
                    walBefore = walBytes(ds);
                }
                ReleaseMetadata m = ReleaseSender.metadata(BENCH_DATASET, "bench", n + 1,
                        ReleaseMetadata.KIND_OBSERVATIONS, false);
                List<Observation> obs = new ArrayList<>();
                for (String town : towns) {
                    // half the towns far below the mean of economic inactivity, half far above: J criteria flip
                    obs.add(Observation.of("inactive_pct", town, "2021",
                            random.nextBoolean() ? 20 + random.nextInt(5) : 60));
                }
                ReleaseSender.Parts p = sender.sendUnsealed(m, obs, 1000);
                if (PACE.equals("at-rest")) {
                    long w = System.nanoTime();
                    awaitAtRest(ds, m.releaseId(), p.batches());
                    restWaitNanos += System.nanoTime() - w;
                }
                Map<String, double[]> atSeal = phases();
                long gcAtSeal = gcMillis();
                long sealed = System.nanoTime();
                sender.sealed(m.datasetId(), new io.resilienceradar.contracts.events.ReleaseSealed(m.releaseId(),
                        p.batches(), p.observations(), p.checksum()));
                byte[] cause = ("\"causedBy\":[\"" + m.releaseId() + "\"]").getBytes(StandardCharsets.UTF_8);
                long lastEvent = sealed;
                int expected = -1;
                int seen = 0;
                while (expected < 0 || seen < expected) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        if (causedBy(r.value(), cause)) {
                            seen++;
                            lastEvent = System.nanoTime();
                        }
                    }
                    if (expected < 0) {
                        expected = changesOf(ds, m.releaseId());
                    }
                }
                if (i < 0) {
                    warmupMicros[n] = (lastEvent - sealed) / 1000;
                    continue;
                }
                latenciesMicros[i] = (lastEvent - sealed) / 1000;
                events[i] = seen;
                perRelease.add(phaseDelta(atSeal, phases(), gcMillis() - gcAtSeal));
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            Map<String, double[]> phasesAfter = phases();
            Map<Long, ThreadCpu> cpuAfter = threadCpu();
            Map<Long, ThreadCpu> childCpuAfter = childProcessCpu();
            long walAfter = walBytes(ds);
            System.out.printf("BENCH bundled data (%d releases) from empty: %.1f s%n",
                    io.resilienceradar.scoring.domain.BundledData.releases().size(), loadSeconds);
            System.out.printf("BENCH pace=%s (mean wait for rest before a seal: %.1f ms)%n", PACE,
                    restWaitNanos / 1e6 / RELEASES);
            System.out.printf("BENCH warm-up releases (not in the percentiles), ms: %s%n", Arrays.toString(
                    Arrays.stream(warmupMicros).mapToObj(u -> String.format("%.1f", u / 1000.0)).toArray()));
            System.out.printf("BENCH towns=%d releases=%d events/release median=%d p50=%.1f ms p95=%.1f ms max=%.1f ms%n",
                    towns.size(), RELEASES, Arrays.stream(events).sorted().toArray()[RELEASES / 2],
                    sorted[RELEASES / 2] / 1000.0, sorted[(int) Math.ceil(RELEASES * 0.95) - 1] / 1000.0,
                    sorted[RELEASES - 1] / 1000.0);
            Map<String, double[]> measuredFrom = phasesBefore;
            phasesAfter.forEach((phase, after) -> {
                double[] before = measuredFrom.getOrDefault(phase, new double[2]);
                double n = after[0] - before[0];
                System.out.printf("BENCH phase %-15s n=%4.0f mean=%8.2f ms%n", phase, n,
                        n == 0 ? 0 : (after[1] - before[1]) / n);
            });
            printSlowest(latenciesMicros, perRelease);
            printCpuPerRelease(cpuBefore, cpuAfter);
            printChildCpuPerRelease(childCpuBefore, childCpuAfter);
            System.out.printf("BENCH wal/release %.0f KB%n", (walAfter - walBefore) / 1024.0 / RELEASES);
        }
    }

    /**
     * CPU time of the processes that serve this benchmark besides its own JVM, by pid: every process it started (the
     * Kafka broker's JVM), and the PostgreSQL server with its backends — the database's share of applying and
     * relaying a release, which no thread of this JVM shows. {@code pg_ctl} detaches the server, so it is found by
     * the port of the datasource ({@code postgres … -p <port>}); a terminated backend is counted in the server's
     * children's time (Agroal keeps its connections anyway).
     */
    private Map<Long, ThreadCpu> childProcessCpu() {
        Map<Long, ThreadCpu> out = new HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> cpu(p, out, false));
        String port = jdbcUrl.replaceAll(".*://[^:/]+:(\\d+)/.*", "$1");
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres")
                        && String.join(" ", p.info().arguments().orElse(new String[0])).contains("-p " + port + " "))
                .forEach(server -> {
                    cpu(server, out, true);
                    server.children().forEach(b -> cpu(b, out, false));
                });
        return out;
    }

    private static void cpu(ProcessHandle p, Map<Long, ThreadCpu> out, boolean withEndedChildren) {
        var info = p.info();
        long nanos = info.totalCpuDuration().map(Duration::toNanos).orElse(0L);
        if (withEndedChildren) {
            nanos += endedChildrenCpuNanos(p.pid());
        }
        out.put(p.pid(), new ThreadCpu(info.command().map(c -> c.substring(c.lastIndexOf('/') + 1)).orElse("?"),
                nanos));
    }

    /** cutime + cstime of /proc/<pid>/stat (clock ticks, 100 a second on Linux): its ended children's CPU. */
    private static long endedChildrenCpuNanos(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void printChildCpuPerRelease(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> byCommand = new TreeMap<>();
        after.forEach((pid, cpu) -> {
            ThreadCpu b = before.get(pid);
            byCommand.merge(cpu.name(), cpu.nanos() - (b == null ? 0 : b.nanos()), Long::sum);
        });
        byCommand.forEach((command, nanos) -> System.out.printf(
                "BENCH cpu/release process %-33s %8.2f ms%n", command, nanos / 1e6 / RELEASES));
    }

    private record ThreadCpu(String name, long nanos) {
    }

    /** CPU time of every live thread of this JVM (service and benchmark share it), by thread id. */
    private static Map<Long, ThreadCpu> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> out = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    out.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
                }
            }
        }
        return out;
    }

    /**
     * CPU per release of the threads that did the work (applying thread, relay threads, producer I/O threads, ...):
     * wall clock on a shared machine measures the other engineers' load, CPU time measures this code.
     */
    private static void printCpuPerRelease(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> byName = new TreeMap<>();
        long total = 0;
        for (var e : after.entrySet()) {
            ThreadCpu b = before.get(e.getKey());
            long delta = e.getValue().nanos() - (b == null ? 0 : b.nanos());
            byName.merge(e.getValue().name().replaceAll("-?\\d+$", "-N"), delta, Long::sum);
            total += delta;
        }
        System.out.printf("BENCH cpu/release all threads of the JVM %8.2f ms%n", total / 1e6 / RELEASES);
        byName.entrySet().stream().filter(e -> e.getValue() / 1e6 / RELEASES >= 0.5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("BENCH cpu/release %-45s %8.2f ms%n", e.getKey(),
                        e.getValue() / 1e6 / RELEASES));
    }

    /**
     * The phases of the slowest releases (those at or above the p90) beside the median release's: which phase makes
     * the tail. Only the phases that ran between a release's seal and its last change event are in its window.
     */
    private static void printSlowest(long[] latenciesMicros, List<Map<String, Double>> perRelease) {
        Integer[] order = new Integer[latenciesMicros.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(latenciesMicros[a], latenciesMicros[b]));
        int median = order[order.length / 2];
        List<Integer> shown = new ArrayList<>(List.of(median));
        for (int k = (int) (order.length * 0.9); k < order.length; k++) {
            shown.add(order[k]);
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        shown.forEach(i -> perRelease.get(i).keySet().forEach(n -> names.put(n, true)));
        StringBuilder head = new StringBuilder(String.format("BENCH window %-22s", "release (ms)"));
        shown.forEach(i -> head.append(String.format(" %8s", (i == median ? "p50#" : "#") + (i + 1))));
        System.out.println(head);
        StringBuilder total = new StringBuilder(String.format("BENCH window %-22s", "seal -> last event"));
        shown.forEach(i -> total.append(String.format(" %8.1f", latenciesMicros[i] / 1000.0)));
        System.out.println(total);
        names.keySet().forEach(n -> {
            StringBuilder line = new StringBuilder(String.format("BENCH window %-22s", n));
            shown.forEach(i -> line.append(String.format(" %8.1f", perRelease.get(i).getOrDefault(n, 0.0))));
            System.out.println(line);
        });
    }

    private static Map<String, Double> phaseDelta(Map<String, double[]> before, Map<String, double[]> after,
                                                  long gcMillis) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((phase, a) -> {
            double[] b = before.getOrDefault(phase, new double[2]);
            if (a[0] > b[0]) {
                out.put(phase, a[1] - b[1]);
            }
        });
        out.put("(gc pauses)", (double) gcMillis);
        return out;
    }

    /** Collection time of this JVM's collectors so far (the service and the benchmark share the JVM). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Count and total milliseconds of every phase timer. */
    private Map<String, double[]> phases() {
        Map<String, double[]> out = new TreeMap<>();
        for (Timer t : meters.find(PhaseTimers.METRIC).timers()) {
            out.put(t.getId().getTag("phase"), new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
        }
        return out;
    }

    /** WAL written by the database server so far (pg_stat_wal): what storing and marking a release costs it. */
    private static long walBytes(AgroalDataSource ds) throws java.sql.SQLException {
        try (var c = ds.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT wal_bytes FROM pg_stat_wal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits until nothing of the releases before is left to relay: no outbox row of any kind unsent (change events,
     * rulebooks and profile stubs; a row is marked sent only after the broker acked all its records, so its profiles
     * are on their topic), and the next release's unsealed batches all staged, so that only its seal is in flight.
     */
    private static void awaitAtRest(AgroalDataSource ds, String releaseId, int batches)
            throws java.sql.SQLException, InterruptedException {
        try (var c = ds.getConnection();
             var ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL AND deferred)"
                     + " OR EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL AND NOT deferred)"
                     + " OR (SELECT count(*) FROM staged_batch WHERE release_id = ?) < ?")) {
            ps.setString(1, releaseId);
            ps.setInt(2, batches);
            while (true) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * The change count the service recorded for the release, or -1 while it is not applied yet. Asked of the database
     * (one indexed row), not of {@code GET /releases}: polling that JSON list through RestAssured cost the benchmark
     * thread ~180 ms of CPU per release, taken from the 2 cores the service is measured on.
     */
    private static int changesOf(AgroalDataSource ds, String releaseId) throws java.sql.SQLException {
        try (var c = ds.getConnection();
             var ps = c.prepareStatement("SELECT changes FROM applied_log WHERE release_id = ?")) {
            ps.setString(1, releaseId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    /**
     * Whether a change event was caused by exactly this release, found in the bytes (the contract writes
     * {@code causedBy} as a compact JSON array) instead of deserialising 1,371 events per release on the same cores.
     * Searched from the end, where the contract puts it (after the evidence): a search from the start read ~2.6 MB a
     * release and was most of this thread's CPU inside the measured window (2026-11-29 profile).
     */
    private static boolean causedBy(byte[] json, byte[] cause) {
        outer:
        for (int i = json.length - cause.length; i >= 0; i--) {
            for (int j = 0; j < cause.length; j++) {
                if (json[i + j] != cause[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
