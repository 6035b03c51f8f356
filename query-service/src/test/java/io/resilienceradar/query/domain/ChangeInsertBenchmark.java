package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Transition;
import io.resilienceradar.local.LocalPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test (tag {@code benchmark}): one release's worth of transitions (1 383, as a one-row population
 * release emits) stored into the real schema on a real PostgreSQL, the former statement per transition against
 * {@link ChangeInserts}, alternating, each in its own transaction. Prints and writes
 * {@code target/benchmark-change-inserts.txt}: wall time and this thread's CPU time per batch.
 */
@Tag("benchmark")
class ChangeInsertBenchmark {
    private static final int N = Integer.getInteger("bench.changes", 1383);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 20);

    @Test
    void oneReleaseOfTransitions() throws Exception {
        Path dir = Files.createTempDirectory("change-insert-bench");
        try (LocalPostgres pg = LocalPostgres.start(dir, 0, false)) {
            pg.ensureDatabase("bench");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("bench"), LocalPostgres.USER, "")) {
                String schema = new String(getClass().getResourceAsStream("/db/migration/V1__query_model.sql")
                        .readAllBytes(), StandardCharsets.UTF_8);
                c.createStatement().execute(schema);
                c.setAutoCommit(false);
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                List<long[]> perRow = new ArrayList<>();
                List<long[]> batched = new ArrayList<>();
                for (int round = 0; round < ROUNDS + 4; round++) { // the first 4 warm up
                    boolean useBatch = round % 2 == 1;
                    List<CharacteristicChanged> changes = changes("r" + round);
                    long wall0 = System.nanoTime();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    int stored = useBatch ? ChangeInserts.insertNew(c, changes).size() : perRow(c, changes);
                    c.commit();
                    long[] cost = {System.nanoTime() - wall0, mx.getCurrentThreadCpuTime() - cpu0};
                    if (stored != N) {
                        throw new IllegalStateException("stored " + stored + " of " + N);
                    }
                    if (round >= 4) {
                        (useBatch ? batched : perRow).add(cost);
                    }
                }
                List<String> report = List.of(
                        "load: " + Files.readString(Path.of("/proc/loadavg")).trim(),
                        line("statement per transition (before)", perRow),
                        line("ChangeInserts (unnest, RETURNING)", batched));
                report.forEach(l -> System.out.println("[bench] " + l));
                Files.write(Path.of("target/benchmark-change-inserts.txt"), report);
            }
        }
    }

    /** What Materialiser.applyChanges did before: one INSERT round trip per transition. */
    private static int perRow(Connection c, List<CharacteristicChanged> changes) throws Exception {
        int stored = 0;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO characteristic_change (event_id, town_code, town_name, region, characteristic_id, letter,
                    transition, previous, current, profile_revision, rulebook_version, occurred_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (event_id) DO NOTHING""")) {
            for (CharacteristicChanged ch : changes) {
                s.setString(1, ch.eventId());
                s.setString(2, ch.townCode());
                s.setString(3, ch.townName());
                s.setString(4, ch.region());
                s.setString(5, ch.characteristicId());
                s.setString(6, ch.letter());
                s.setString(7, ch.transition().name());
                s.setString(8, ch.previous().name());
                s.setString(9, ch.current().name());
                s.setLong(10, ch.profileRevision());
                s.setString(11, ch.rulebookVersion());
                s.setObject(12, Materialiser.time(ch.occurredAt()));
                s.setString(13, Json.writeString(ch));
                stored += s.executeUpdate();
            }
        }
        return stored;
    }

    private static List<CharacteristicChanged> changes(String prefix) {
        List<CharacteristicChanged> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String town = String.format(Locale.ROOT, "E63%06d", i);
            out.add(new CharacteristicChanged(CharacteristicChanged.SCHEMA_VERSION, prefix + "-" + i, town, "Town " + i,
                    "North West", "char-g", "G", "Characteristic G", Membership.NONE, Membership.FULL,
                    Transition.of(Membership.NONE, Membership.FULL), List.of(), List.of(), List.of("bench/2024/1"),
                    "rb-1", 7, Instant.now()));
        }
        return out;
    }

    private static String line(String what, List<long[]> costs) {
        long[] wall = costs.stream().mapToLong(x -> x[0]).sorted().toArray();
        long[] cpu = costs.stream().mapToLong(x -> x[1]).sorted().toArray();
        return String.format(Locale.ROOT, "%-36s %d batches of %d: wall median %.1f ms (min %.1f, max %.1f), "
                        + "client CPU median %.1f ms", what, wall.length, N, wall[wall.length / 2] / 1e6,
                wall[0] / 1e6, wall[wall.length - 1] / 1e6, Arrays.stream(cpu).sorted().toArray()[cpu.length / 2] / 1e6);
    }
}
