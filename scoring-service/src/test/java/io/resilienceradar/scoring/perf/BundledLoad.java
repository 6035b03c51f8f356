package io.resilienceradar.scoring.perf;

import io.agroal.api.AgroalDataSource;
import io.resilienceradar.scoring.domain.BundledData;
import io.resilienceradar.scoring.it.ReleaseSender;
import io.restassured.RestAssured;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Every bundled release (contracts' releases/index.json) sent to the service as ingest-service would, and the time
 * from the first record sent to the last outbox row the relay got acked ({@code max(sent_at)}, the broker acked it
 * before the row is marked), so polling granularity is not part of the number.
 */
final class BundledLoad {
    private BundledLoad() {
    }

    /** Sends everything and waits until it is applied and relayed; returns the seconds it took. */
    static double sendAndAwaitRelayed(ReleaseSender sender, AgroalDataSource ds) {
        List<BundledData.Release> releases = BundledData.releases();   // read before the clock starts
        Instant start = Instant.now();
        for (BundledData.Release r : releases) {
            sender.send(r.metadata(), r.observations(), 1000);
        }
        List<String> ids = releases.stream().map(r -> r.metadata().releaseId()).toList();
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> applied().containsAll(ids) && unsent(ds) == 0);
        Instant last = lastSent(ds);
        return Duration.between(start, last).toNanos() / 1e9;
    }

    static int observations() {
        return BundledData.releases().stream().mapToInt(r -> r.observations().size()).sum();
    }

    private static List<String> applied() {
        return RestAssured.get("/releases").jsonPath().getList("releaseId");
    }

    private static long unsent(AgroalDataSource ds) {
        return scalar(ds, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", rs -> rs.getLong(1));
    }

    private static Instant lastSent(AgroalDataSource ds) {
        return scalar(ds, "SELECT max(sent_at) FROM outbox", rs -> rs.getTimestamp(1).toInstant());
    }

    static long outboxRows(AgroalDataSource ds) {
        return scalar(ds, "SELECT count(*) FROM outbox", rs -> rs.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T scalar(AgroalDataSource ds, String sql, Column<T> column) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
