package io.resilienceradar.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a benchmark phase's wall time goes on the whole machine (Linux only): the machine's busy / idle / iowait /
 * steal from {@code /proc/stat}, and the CPU of every native thread (GC and JIT threads included, which ThreadMXBean
 * does not list) of this JVM and of its child processes (the local broker, PostgreSQL) from
 * {@code /proc/PID/task/TID/stat}, and each thread's run-queue wait from {@code schedstat}. A sampler thread takes a
 * snapshot every 0.5 s, so a phase also gets the per-second spread of the machine's and the parsing thread's busy
 * cores, and a thread that ends inside a phase (the stager) still counts, up to its last sample.
 */
final class MachineCpu implements AutoCloseable {
    private static final double TICK = 100.0; // USER_HZ
    private static final Path PROC = Path.of("/proc");

    /**
     * One reading: the machine's counters, each process's CPU (ended threads included) and each live thread's, by
     * "process/thread name/tid" (ticks), and each live thread's time runnable but waiting for a core (ns, schedstat).
     */
    record Snapshot(long nanos, long uptimeMs, long busy, long idle, long iowait, long steal,
                    Map<String, Long> processes, Map<String, Long> threads, Map<String, Long> waits) {
    }

    private final List<Snapshot> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    MachineCpu() {
        sampler = new Thread(() -> {
            while (running) {
                Snapshot s = snapshot();
                synchronized (samples) {
                    samples.add(s);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "machine-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("stat")) && Files.isDirectory(PROC.resolve("self/task"));
    }

    static Snapshot snapshot() {
        long[] cpu = machine();
        Map<String, Long> processes = new TreeMap<>();
        Map<String, Long> threads = new TreeMap<>();
        Map<String, Long> waits = new TreeMap<>();
        ProcessHandle self = ProcessHandle.current();
        read(self.pid(), "jvm", processes, threads, waits);
        self.descendants().forEach(p -> read(p.pid(), processName(p), processes, threads, waits));
        return new Snapshot(System.nanoTime(), ManagementFactory.getRuntimeMXBean().getUptime(), cpu[0], cpu[1], cpu[2],
                cpu[3], processes, threads, waits);
    }

    /** The report of one phase between two snapshots (and the one-second samples taken between them). */
    String report(String phase, Snapshot a, Snapshot b) {
        double wall = (b.nanos - a.nanos) / 1e9;
        double all = (b.busy - a.busy) + (b.idle - a.idle) + (b.iowait - a.iowait) + (b.steal - a.steal);
        StringBuilder out = new StringBuilder();
        // the JVM's uptime, to place -Xlog:jit+compilation (or GC log) lines in their phase
        out.append("#### ").append(phase).append(String.format(" (%.1f s wall; JVM uptime %,d to %,d ms)%n%n", wall,
                a.uptimeMs, b.uptimeMs));
        out.append(String.format("Machine: busy %.2f cores (%.0f %%), idle %.0f %%, iowait %.0f %%, steal %.0f %% of %.1f"
                        + " core-seconds%n", (b.busy - a.busy) / TICK / wall, 100 * (b.busy - a.busy) / all,
                100 * (b.idle - a.idle) / all, 100 * (b.iowait - a.iowait) / all, 100 * (b.steal - a.steal) / all,
                all / TICK));
        List<Snapshot> inside;
        synchronized (samples) {
            inside = samples.stream().filter(s -> s.nanos >= a.nanos && s.nanos <= b.nanos).toList();
        }
        if (inside.size() >= 3) { // the two-second buckets: one-second ones would alias with the 0.5 s sampling
            List<Double> busy = new ArrayList<>();
            List<Double> main = new ArrayList<>();
            int cores = Runtime.getRuntime().availableProcessors();
            for (int i = 2; i < inside.size(); i += 2) {
                Snapshot p = inside.get(i - 2);
                Snapshot q = inside.get(i);
                double ticks = (q.busy - p.busy) + (q.idle - p.idle) + (q.iowait - p.iowait) + (q.steal - p.steal);
                busy.add(ticks == 0 ? 0 : cores * (q.busy - p.busy) / ticks);
                main.add((mainTicks(q) - mainTicks(p)) / TICK / ((q.nanos - p.nanos) / 1e9));
            }
            out.append(String.format("Per second (%d one-second intervals): machine busy cores %s; %d intervals at"
                            + " >= %.1f of %d cores. Parsing thread (main) busy %s%n", busy.size(), spread(busy),
                    busy.stream().filter(x -> x >= cores - 0.1).count(), cores - 0.1, cores, spread(main)));
        }
        // a thread that ended inside the phase (the stager, a producer's network thread) counts with its last reading
        Map<String, Long> last = new TreeMap<>();
        Map<String, Long> lastWait = new TreeMap<>();
        inside.forEach(s -> {
            last.putAll(s.threads);
            lastWait.putAll(s.waits);
        });
        last.putAll(b.threads);
        lastWait.putAll(b.waits);
        Map<String, Long> delta = new LinkedHashMap<>();
        last.forEach((k, v) -> {
            long d = v - a.threads.getOrDefault(k, 0L);
            if (d > 0) {
                delta.merge(k.substring(0, k.lastIndexOf('/')), d, Long::sum);
            }
        });
        Map<String, Long> waited = new TreeMap<>();
        lastWait.forEach((k, v) -> waited.merge(k.substring(0, k.lastIndexOf('/')), v - a.waits.getOrDefault(k, 0L),
                Long::sum));
        out.append("\n| process | CPU s | cores |\n|---|---:|---:|\n");
        b.processes.forEach((k, v) -> {
            long d = v - a.processes.getOrDefault(k, 0L);
            if (d > 0) {
                out.append(String.format("| %s | %.2f | %.2f |%n", k, d / TICK, d / TICK / wall));
            }
        });
        long ourTicks = b.processes.entrySet().stream()
                .mapToLong(e -> e.getValue() - a.processes.getOrDefault(e.getKey(), 0L)).sum();
        out.append(String.format("| everything else on the machine (other builds, the kernel) | %.2f | %.2f |%n",
                (b.busy - a.busy - ourTicks) / TICK, (b.busy - a.busy - ourTicks) / TICK / wall));
        out.append("\n| thread (process/name, numbered threads summed) | CPU s | share of the phase's wall time |"
                + " runnable, waiting for a core |\n|---|---:|---:|---:|\n");
        delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() / TICK >= 0.05)
                .forEach(e -> out.append(String.format("| %s | %.2f | %.0f %% | %.2f s |%n", e.getKey(),
                        e.getValue() / TICK, 100 * e.getValue() / TICK / wall,
                        waited.getOrDefault(e.getKey(), 0L) / 1e9)));
        return out.toString();
    }

    private static long mainTicks(Snapshot s) {
        return s.threads.entrySet().stream().filter(e -> e.getKey().startsWith("jvm/main/"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String spread(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return String.format("min %.2f / median %.2f / max %.2f", sorted.get(0), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }

    /** utime + stime of a {@code /proc/.../stat} line. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private static String processName(ProcessHandle p) {
        try {
            if (Files.readString(PROC.resolve(p.pid() + "/cmdline")).contains("BrokerMain")) {
                return "broker";
            }
        } catch (IOException | RuntimeException gone) {
            // ended: named by its executable below
        }
        String exe = p.info().command().orElse("pid" + p.pid());
        return exe.substring(exe.lastIndexOf('/') + 1);
    }

    /** user, nice, system, idle, iowait, irq, softirq, steal: busy = all but idle, iowait and steal. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new long[]{busy, Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[8])};
        } catch (IOException e) {
            return new long[4];
        }
    }

    private static void read(long pid, String process, Map<String, Long> processes, Map<String, Long> threads,
                             Map<String, Long> waits) {
        try {
            processes.merge(process, ticks(Files.readString(PROC.resolve(pid + "/stat"))), Long::sum);
        } catch (IOException | RuntimeException gone) {
            return;
        }
        try (Stream<Path> tasks = Files.list(PROC.resolve(pid + "/task"))) {
            tasks.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // numbered pools summed: "GC Thread#1", "C2 CompilerThre", "kafka-producer-" (comm is 15 chars)
                    String group = name.equals("java") ? "main" : name.replaceAll("[#-]?\\d+$", "");
                    String key = process + "/" + group + "/" + t.getFileName();
                    threads.put(key, ticks(stat));
                    // schedstat: ns on a core, ns runnable on a run queue, time slices
                    waits.put(key, Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[1]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException gone) {
            // the process ended
        }
    }
}
