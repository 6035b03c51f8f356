package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The processed-release log: every release and rulebook switch the engine applied, in applied order. A release id
 * appears once (unique), which is what makes a redelivered release apply once.
 */
@ApplicationScoped
public class AppliedLog {

    /** One applied step; {@code metadataJson} for releases, {@code rulebook} for rulebook switches. */
    public record Entry(long seq, String kind, String releaseId, String rulebook, String metadataJson,
                        long observations, boolean ignored, int changes, Instant appliedAt) {
        public boolean isRelease() {
            return "release".equals(kind);
        }
    }

    public boolean contains(Connection c, String releaseId) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM applied_log WHERE release_id = ?")) {
                ps.setString(1, releaseId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public boolean exists(Connection c, long seq) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM applied_log WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public long addRelease(Connection c, String releaseId, String metadataJson, long observations, String checksum) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO applied_log (kind, release_id, metadata, observations, checksum)
                    VALUES ('release', ?, ?, ?, ?) RETURNING seq""")) {
                ps.setString(1, releaseId);
                ps.setString(2, metadataJson);
                ps.setLong(3, observations);
                ps.setString(4, checksum);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public long addRulebook(Connection c, String version, int changes) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO applied_log (kind, rulebook, changes) VALUES ('rulebook', ?, ?) RETURNING seq")) {
                ps.setString(1, version);
                ps.setInt(2, changes);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public void outcome(Connection c, long seq, boolean ignored, int changes) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE applied_log SET ignored = ?, changes = ? WHERE seq = ?")) {
                ps.setBoolean(1, ignored);
                ps.setInt(2, changes);
                ps.setLong(3, seq);
                return ps.executeUpdate();
            }
        });
    }

    /** Entries after {@code seq} in applied order (the replay a lagging engine needs). */
    public List<Entry> after(Connection c, long seq) {
        return query(c, "SELECT seq, kind, release_id, rulebook, metadata, observations, ignored, changes, applied_at "
                + "FROM applied_log WHERE seq > ? ORDER BY seq", seq);
    }

    public List<Entry> releases(Connection c) {
        return query(c, "SELECT seq, kind, release_id, rulebook, metadata, observations, ignored, changes, applied_at "
                + "FROM applied_log WHERE kind = 'release' AND seq > ? ORDER BY seq", 0L);
    }

    /** Forgets all releases (rebuild re-derives them from the topic); observations go with them. */
    public void clearReleases(Connection c) {
        Db.sql(() -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM observation");
                return s.executeUpdate("DELETE FROM applied_log");
            }
        });
    }

    private List<Entry> query(Connection c, String sql, long seq) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, seq);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getBoolean(7), rs.getInt(8),
                                rs.getTimestamp(9).toInstant()));
                    }
                }
                return out;
            }
        });
    }
}
