package io.resilienceradar.ingest.bench;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.Range;
import io.resilienceradar.ingest.domain.Reference;
import io.resilienceradar.ingest.domain.RowValidator;
import io.resilienceradar.ingest.parse.ReleaseParser;
import io.resilienceradar.ingest.persistence.Stager;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * CPU seconds of parse + validate + stage alone (no Kafka, no Quarkus), for before/after comparisons on a shared
 * machine: run on a prefix of IngestBenchmark's CSV, repeated, in a plain JVM (see docs/benchmarks-ingest.md):
 * {@code java -cp <test classpath> io.resilienceradar.ingest.bench.StagingCpu target/bench/r3m.csv 3}.
 * Prints per repetition the process CPU, the parsing thread's CPU and the wall time; the first repetition includes JIT.
 */
public final class StagingCpu {
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Set<String> areas = new HashSet<>();
        for (int a = 1; a <= 40_000; a++) {
            areas.add(String.format("E010%05d", a));
        }
        Map<String, Range> catalogue = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            catalogue.put("indicator_" + i, new Range(0.0, 1_000_000.0));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        Path spool = Files.createTempFile("staging-cpu", ".spool");
        if (args.length > 2 && args[2].equals("stage")) {
            stageOnly(csv, reps, areas, catalogue, os, spool);
            return;
        }
        if (args.length > 2 && (args[2].equals("parse") || args[2].equals("validate"))) {
            boolean validate = args[2].equals("validate");
            for (int rep = 0; rep < reps; rep++) { // the parsing thread's share without staging: parse alone, + validate
                Problems problems = new Problems(10);
                RowValidator validator = new RowValidator(ReleaseMetadata.KIND_OBSERVATIONS,
                        new Reference(areas, catalogue), Map.of(), problems);
                long[] rows = new long[1];
                long m0 = threads.getCurrentThreadCpuTime();
                try (InputStream in = Files.newInputStream(csv)) {
                    ReleaseParser.parse(in, Long.MAX_VALUE, problems, (row, cols) -> {
                        if (!validate || validator.accept(row, cols) != null) {
                            rows[0]++;
                        }
                    });
                }
                System.out.printf("%s rep %d: %,d rows, %d problems | parsing thread CPU %.2f s, load %.1f%n", args[2],
                        rep, rows[0], problems.total(), (threads.getCurrentThreadCpuTime() - m0) / 1e9,
                        os.getSystemLoadAverage());
            }
            return;
        }
        for (int rep = 0; rep < reps; rep++) {
            Problems problems = new Problems(10);
            RowValidator validator = new RowValidator(ReleaseMetadata.KIND_OBSERVATIONS, new Reference(areas, catalogue),
                    Map.of(), problems);
            long p0 = os.getProcessCpuTime();
            long m0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Stager.Result result;
            try (InputStream in = Files.newInputStream(csv); Stager out = new Stager(spool, 4000)) {
                ReleaseParser.parse(in, Long.MAX_VALUE, problems, (row, cols) -> {
                    Observation o = validator.accept(row, cols);
                    if (o != null) {
                        out.add(o);
                    }
                });
                result = out.finish();
            }
            System.out.printf("rep %d: %,d observations, %d problems, checksum %s | process CPU %.2f s, parsing thread"
                            + " CPU %.2f s, wall %.2f s, load %.1f%n", rep, result.staged().observations(),
                    problems.total(), result.checksum().substring(0, 12), (os.getProcessCpuTime() - p0) / 1e9,
                    (threads.getCurrentThreadCpuTime() - m0) / 1e9, (System.nanoTime() - t0) / 1e9,
                    os.getSystemLoadAverage());
        }
        Files.deleteIfExists(spool);
    }

    /** The staging thread's work alone: the rows parsed once into memory, then staged repeatedly (needs -Xmx2g). */
    private static void stageOnly(Path csv, int reps, Set<String> areas, Map<String, Range> catalogue,
                                  com.sun.management.OperatingSystemMXBean os, Path spool) throws Exception {
        java.util.List<Observation> rows = new java.util.ArrayList<>();
        Problems problems = new Problems(10);
        RowValidator validator = new RowValidator(ReleaseMetadata.KIND_OBSERVATIONS, new Reference(areas, catalogue),
                Map.of(), problems);
        try (InputStream in = Files.newInputStream(csv)) {
            ReleaseParser.parse(in, Long.MAX_VALUE, problems, (row, cols) -> {
                Observation o = validator.accept(row, cols);
                if (o != null) {
                    rows.add(o);
                }
            });
        }
        for (int rep = 0; rep < reps; rep++) {
            System.gc();
            long p0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Stager.Result result;
            try (Stager out = new Stager(spool, 4000)) {
                for (Observation o : rows) {
                    out.add(o);
                }
                result = out.finish();
            }
            System.out.printf("stage rep %d: %,d observations, checksum %s | process CPU %.2f s, wall %.2f s, load %.1f%n",
                    rep, result.staged().observations(), result.checksum().substring(0, 12),
                    (os.getProcessCpuTime() - p0) / 1e9, (System.nanoTime() - t0) / 1e9, os.getSystemLoadAverage());
        }
        Files.deleteIfExists(spool);
    }

    private StagingCpu() {
    }
}
