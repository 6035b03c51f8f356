package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Revision counter of each town's published profile (publication bookkeeping: a rebuild keeps it). */
@ApplicationScoped
public class TownRevisions {

    /** Increments and returns the town's revision (1 for its first profile). */
    public long next(Connection c, String townCode) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO town_revision (town_code, revision) VALUES (?, 1)
                    ON CONFLICT (town_code) DO UPDATE SET revision = town_revision.revision + 1
                    RETURNING revision""")) {
                ps.setString(1, townCode);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
