package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Releases under assembly, keyed by release id and batch sequence: a redelivered batch overwrites itself. */
@ApplicationScoped
public class StagingStore {

    public record StagedBatch(int sequence, String observationsJson) {
    }

    public void open(Connection c, String releaseId, String metadataJson) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO staged_release (release_id, metadata) VALUES (?, ?)
                    ON CONFLICT (release_id) DO UPDATE SET metadata = EXCLUDED.metadata""")) {
                ps.setString(1, releaseId);
                ps.setString(2, metadataJson);
                return ps.executeUpdate();
            }
        });
    }

    public void batch(Connection c, String releaseId, int sequence, String observationsJson) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO staged_batch (release_id, sequence, observations) VALUES (?, ?, ?)
                    ON CONFLICT (release_id, sequence) DO UPDATE SET observations = EXCLUDED.observations""")) {
                ps.setString(1, releaseId);
                ps.setInt(2, sequence);
                ps.setString(3, observationsJson);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<String> metadata(Connection c, String releaseId) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT metadata FROM staged_release WHERE release_id = ?")) {
                ps.setString(1, releaseId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public List<StagedBatch> batches(Connection c, String releaseId) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sequence, observations FROM staged_batch WHERE release_id = ? ORDER BY sequence")) {
                ps.setString(1, releaseId);
                List<StagedBatch> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StagedBatch(rs.getInt(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    public void discard(Connection c, String releaseId) {
        Db.sql(() -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM staged_batch WHERE release_id = ?");
                 PreparedStatement b = c.prepareStatement("DELETE FROM staged_release WHERE release_id = ?")) {
                a.setString(1, releaseId);
                a.executeUpdate();
                b.setString(1, releaseId);
                return b.executeUpdate();
            }
        });
    }
}
