package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** The rulebook version in force, to detect a deployed rulebook change at start. */
@ApplicationScoped
public class RulebookStateStore {

    public Optional<String> current(Connection c) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM rulebook_state WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    public void set(Connection c, String version) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rulebook_state (id, version) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = now()""")) {
                ps.setString(1, version);
                return ps.executeUpdate();
            }
        });
    }
}
