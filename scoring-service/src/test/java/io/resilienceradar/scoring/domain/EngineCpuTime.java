package io.resilienceradar.scoring.domain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per operation of the {@link EngineBenchmark} operations (ThreadMXBean, this thread only), for a shared
 * machine where JMH's wall-clock numbers mostly measure the other processes. Not a test. Run with
 * {@code scoring-service/bench-engine --cpu pop|sick|full|nocache|first|resolve|aggrel|agglook [rounds] [ops per round]}:
 * one warm-up round, then each round prints CPU and wall time per operation.
 */
public class EngineCpuTime {
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String which = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        EngineBenchmark b = new EngineBenchmark();
        Runnable op;
        int n;
        switch (which) {
            case "pop", "sick" -> {
                EngineBenchmark.Correction s = which.equals("pop") ? new EngineBenchmark.PopulationCorrection()
                        : new EngineBenchmark.SickCorrection();
                s.setUp();
                op = s::correct;
                n = 20_000;
            }
            case "full", "nocache", "first", "resolve" -> {
                EngineBenchmark.Bundled s = new EngineBenchmark.Bundled();
                s.setUp();
                op = which.equals("full") ? () -> b.fullBundled(s)
                        : which.equals("nocache") ? () -> b.fullBundledNoCache(s)
                        : which.equals("first") ? () -> b.fullBundledFirst(s) : () -> b.fullBundledResolve(s);
                n = which.equals("full") || which.equals("nocache") ? 300 : 20;
            }
            case "aggrel", "agglook" -> {
                EngineBenchmark.Aggregation s = new EngineBenchmark.Aggregation();
                s.areas = 35_000;
                s.setUp();
                op = which.equals("aggrel") ? () -> b.aggregationRelease(s) : () -> b.aggregationLookup(s);
                n = 10;
            }
            default -> throw new IllegalArgumentException("unknown operation " + which);
        }
        if (args.length > 2) {
            n = Integer.parseInt(args[2]);
        }
        for (int i = 0; i < n; i++) {
            op.run();
        }
        for (int r = 0; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            System.out.printf(java.util.Locale.ROOT, "%s round %d: cpu %.2f us/op, wall %.2f us/op (%d ops)%n", which,
                    r, (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / n, (System.nanoTime() - wall) / 1e3 / n, n);
        }
    }
}
