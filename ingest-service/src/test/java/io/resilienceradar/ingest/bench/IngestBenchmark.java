package io.resilienceradar.ingest.bench;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.Range;
import io.resilienceradar.ingest.domain.Reference;
import io.resilienceradar.ingest.domain.RowValidator;
import io.resilienceradar.ingest.messaging.BatchJson;
import io.resilienceradar.ingest.messaging.ReleasePublisher;
import io.resilienceradar.ingest.messaging.ReleaseStreamer;
import io.resilienceradar.ingest.parse.ReleaseParser;
import io.resilienceradar.ingest.persistence.Spool;
import io.resilienceradar.ingest.persistence.Stager;
import io.resilienceradar.local.RadarInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: {@code ./mvnw -pl ingest-service verify -Dtest=IngestBenchmark -Dbench=true [-Dbench.rows=N]}.
 * Parse + validate + stage + publish of a generated N-row tidy CSV (default 10 million) on the real local broker, and
 * Kafka's own ProducerPerformance with the same records (real ObservationBatch payloads) in the same run.
 * Results go to stdout and target/benchmark-ingest.md; copy them to docs/benchmarks-ingest.md.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IngestBenchmark {
    private static final int AREAS = 40_000;

    @Test
    void run() throws Exception {
        long rows = Long.getLong("bench.rows", 10_000_000L);
        int batchSize = Integer.getInteger("bench.batch", 4000);
        String compression = System.getProperty("bench.compression", "lz4");
        int indicators = (int) Math.max(1, rows / AREAS);
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path csv = dir.resolve("release-" + rows + ".csv");
        Set<String> areas = new HashSet<>();
        for (int a = 1; a <= AREAS; a++) {
            areas.add(String.format("E010%05d", a));
        }
        Map<String, Range> catalogue = new HashMap<>();
        for (int i = 0; i < indicators; i++) {
            catalogue.put("indicator_" + i, new Range(0.0, 1_000_000.0));
        }
        if (!Files.exists(csv)) {
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status\n");
                long n = 0;
                outer:
                for (int i = 0; i < indicators; i++) {
                    for (int a = 1; a <= AREAS; a++) {
                        if (n++ == rows) {
                            break outer;
                        }
                        w.write(String.format("E010%05d", a));
                        w.write(",Area,indicator_");
                        w.write(Integer.toString(i));
                        w.write(",2021-01-01/P1Y,");
                        w.write(Double.toString(((a * 31L + i) % 100_000) / 10.0));
                        w.write(",count,\n");
                    }
                }
            }
        }
        String bootstrap = RadarInfra.shared().bootstrapServers();
        String ingestTopic = "bench.ingest." + UUID.randomUUID().toString().substring(0, 6);
        String rawTopic = "bench.raw." + UUID.randomUUID().toString().substring(0, 6);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            // one partition each: a release is keyed by dataset id, so it always goes to a single partition
            admin.createTopics(List.of(new NewTopic(ingestTopic, 1, (short) 1), new NewTopic(rawTopic, 1, (short) 1))).all().get();
        }

        // 1. parse + validate + stage (spool file, checksum) while the batches go out in a Kafka transaction, then seal
        //    and commit it, as IngestService does. Twice: the first release of a fresh JVM pays the JIT compilation
        //    (C1/C2 threads on the same 2 cores); the second is the long-running service's steady state.
        Path spool = dir.resolve("bench.spool");
        ReleaseMetadata md = null;
        Streamed cold = null;
        Streamed warm = null;
        // the sampler costs ~2 % of a core: -Dbench.machine=false leaves it out
        boolean sample = MachineCpu.available() && Boolean.parseBoolean(System.getProperty("bench.machine", "true"));
        MachineCpu machine = sample ? new MachineCpu() : null;
        StringBuilder machineReport = new StringBuilder();
        int releases = Math.max(2, Integer.getInteger("bench.releases", 2)); // the last one is reported as warm
        for (int run = 1; run <= releases; run++) {
            md = new ReleaseMetadata("bench", "2021", run, LocalDate.now(), "benchmark", "observations", null,
                    null, null, true, List.of(), List.of());
            Streamed s = stream(bootstrap, ingestTopic, compression, csv, spool, batchSize, md, areas, catalogue);
            if (machine != null) {
                String name = run == 1 ? "cold release" : run == releases ? "warm release" : "release " + run;
                machineReport.append(machine.report(name + ": parse + validate + stage, batches sent meanwhile",
                        s.start, s.staged)).append('\n');
            }
            assertThat(s.committed).isTrue();
            assertThat(s.result.staged().observations()).isEqualTo(rows);
            if (run == 1) {
                cold = s;
            } else if (run == releases) {
                warm = s;
            }
        }
        Stager.Result result = warm.result;
        Spool.Staged staged = result.staged();
        String hex = result.checksum();
        assertThat(cold.result.checksum()).isEqualTo(hex);

        // 2. for comparison: the relay's path (after a crash or when streaming is busy): publish from the spool
        ReleasePublisher.Sent sent;
        long c2 = cpu();
        try (ReleasePublisher publisher = new ReleasePublisher(bootstrap, ingestTopic, compression)) {
            MachineCpu.Snapshot m0 = MachineCpu.snapshot();
            long p0 = System.nanoTime();
            sent = publisher.publish(md, spool,
                    new ReleasePublisher.Expected(hex, staged.observations(), staged.batches(), staged.digest()));
            long p1 = System.nanoTime();
            double publishCpu = (cpu() - c2) / 1e9;
            double publishS = (p1 - p0) / 1e9;
            if (machine != null) {
                machineReport.append(machine.report("relay path: publish from the spool", m0, MachineCpu.snapshot()))
                        .append('\n');
            }

            // 3. the same records through Kafka's own producer performance tool
            Path payloads = dir.resolve("payloads.txt");
            long payloadBytes = 0;
            int payloadCount = 0;
            // the first 20 record values exactly as the relay sent them (spool frame + envelope)
            try (Spool.Reader r = new Spool.Reader(spool);
                 BufferedWriter w = Files.newBufferedWriter(payloads, StandardCharsets.UTF_8)) {
                Spool.Frame f;
                while (payloadCount < 20 && (f = r.next()) != null) {
                    BatchJson.Envelope e = BatchJson.envelope(md.releaseId(), payloadCount, f.length());
                    r.read(e.value(), e.arrayOffset(), f.length());
                    w.write(new String(e.value(), StandardCharsets.UTF_8));
                    w.write('\n');
                    payloadBytes += e.value().length;
                    payloadCount++;
                }
            }
            MachineCpu.Snapshot m2 = MachineCpu.snapshot();
            String perf = producerPerformance(new String[]{"--topic", rawTopic, "--num-records", String.valueOf(sent.batches()),
                    "--payload-file", payloads.toString(), "--throughput", "-1", "--producer-props",
                    "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "compression.type=" + compression,
                    "linger.ms=10", "batch.size=1048576"});
            if (machine != null) {
                machineReport.append(machine.report("ProducerPerformance", m2, MachineCpu.snapshot())).append('\n');
                machine.close();
            }
            double rawRecordsPerS = parseRecordsPerSec(perf);
            double rawObsPerS = rawRecordsPerS * batchSize;
            String report = """
                    | measure | first release of a fresh JVM (cold) | last release (warm; `bench.releases`, default 2) |
                    |---|---:|---:|
                    | rows (observations) | %,d | %,d |
                    | parse + validate + stage (serialise batches, checksum, spool, fsync), batches sent meanwhile | %.1f s | %.1f s |
                    | seal + commit the transaction (remaining acks) | %.1f s | %.1f s |
                    | **end to end (parse + validate + stage + publish, overlapped)** | **%,.0f obs/s** | **%,.0f obs/s** |
                    | ingest end to end / raw producer | %.0f %% | %.0f %% |
                    | CPU seconds used by the JVM: parse + stream / commit | %.1f / %.1f | %.1f / %.1f |

                    | same run | value |
                    |---|---|
                    | Kafka records (ObservationBatch of %d, %s) | %,d + opened + sealed |
                    | average record size (JSON, uncompressed) | %,d bytes |
                    | for comparison, the relay's path: publish from the spool after staging | %.1f s = %,.0f obs/s (%.1f CPU s) |
                    | ProducerPerformance, same payloads, same producer settings | %,.1f records/s = **%,.0f obs/s** |
                    | relay path publish / raw producer | %.0f %% |
                    | load average at start / after the runs | %.1f / %.1f on %d cores |

                    ProducerPerformance output:
                    ```
                    %s
                    ```

                    ### Where the CPU went, whole machine (this JVM's native threads, the broker's, PostgreSQL's)

                    This JVM: %s
                    %s""".formatted(rows, rows, cold.parseS, warm.parseS, cold.commitS, warm.commitS,
                    cold.obsPerS(rows), warm.obsPerS(rows),
                    100 * cold.obsPerS(rows) / rawObsPerS, 100 * warm.obsPerS(rows) / rawObsPerS,
                    cold.parseCpu, cold.commitCpu, warm.parseCpu, warm.commitCpu,
                    batchSize, compression, sent.batches(), payloadBytes / Math.max(1, payloadCount),
                    publishS, rows / publishS, publishCpu, rawRecordsPerS, rawObsPerS,
                    100 * (rows / publishS) / rawObsPerS,
                    LOAD, load(), Runtime.getRuntime().availableProcessors(), perf.strip(),
                    jvm(), machine == null ? "(not sampled: no /proc, or -Dbench.machine=false)" : machineReport);
            System.out.println(report);
            Files.writeString(Path.of("target", "benchmark-ingest.md"), report);
        }
        assertThat(sent.observations()).isEqualTo(rows);
        Files.deleteIfExists(spool);
    }

    /** One release parsed, validated, staged and streamed in a Kafka transaction, then sealed and committed. */
    private record Streamed(Stager.Result result, boolean committed, double parseS, double commitS, double parseCpu,
                            double commitCpu, MachineCpu.Snapshot start, MachineCpu.Snapshot staged) {
        double obsPerS(long rows) {
            return rows / (parseS + commitS);
        }
    }

    private static Streamed stream(String bootstrap, String topic, String compression, Path csv, Path spool, int batchSize,
                                   ReleaseMetadata md, Set<String> areas, Map<String, Range> catalogue) throws Exception {
        Problems problems = new Problems(10);
        RowValidator validator = new RowValidator(ReleaseMetadata.KIND_OBSERVATIONS, new Reference(areas, catalogue),
                Map.of(), problems);
        MachineCpu.Snapshot m0 = MachineCpu.snapshot();
        long c0 = cpu();
        long t0 = System.nanoTime();
        Stager.Result result;
        MachineCpu.Snapshot m1;
        boolean committed;
        long t1;
        long c1;
        try (ReleaseStreamer streamer = new ReleaseStreamer(bootstrap, topic, compression,
                "bench-" + UUID.randomUUID(), Duration.ofMinutes(10))) {
            ReleaseStreamer.Stream stream = streamer.open(md);
            try (InputStream in = Files.newInputStream(csv); Stager out = new Stager(spool, batchSize, stream)) {
                ReleaseParser.parse(in, Long.MAX_VALUE, problems, (row, cols) -> {
                    Observation o = validator.accept(row, cols);
                    if (o != null) {
                        out.add(o);
                    }
                });
                result = out.finish();
            }
            t1 = System.nanoTime();
            c1 = cpu();
            m1 = MachineCpu.snapshot();
            committed = stream.commit(result.staged().batches(), result.staged().observations(), result.checksum());
        }
        long t2 = System.nanoTime();
        long c2 = cpu();
        assertThat(problems.list()).isEmpty();
        return new Streamed(result, committed, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (c1 - c0) / 1e9, (c2 - c1) / 1e9, m0, m1);
    }

    private static String jvm() {
        var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName() + " " + b.getCollectionCount() + " collections, "
                        + b.getCollectionTime() + " ms").toList();
        return "max heap %d MB, collectors %s, arguments %s%n".formatted(Runtime.getRuntime().maxMemory() >> 20, gcs,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static final double LOAD = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String producerPerformance(String[] args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Class.forName("org.apache.kafka.tools.ProducerPerformance").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The final summary line: "N records sent, X records/sec (Y MB/sec), ...". */
    private static double parseRecordsPerSec(String out) {
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        var m = java.util.regex.Pattern.compile("([\\d.]+) records/sec").matcher(last);
        if (!m.find()) {
            throw new IllegalStateException("unexpected ProducerPerformance output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
