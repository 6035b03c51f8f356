package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Revision counter of each town's published profile (publication bookkeeping: a rebuild keeps it). */
@ApplicationScoped
public class TownRevisions {

    /** Increments the revision of every town in one statement (1 for a town's first profile); the new revisions. */
    public Map<String, Long> nextAll(Connection c, Collection<String> townCodes) {
        return byTown(c, """
                INSERT INTO town_revision (town_code, revision) SELECT t, 1 FROM unnest(?::text[]) AS t
                ON CONFLICT (town_code) DO UPDATE SET revision = town_revision.revision + 1
                RETURNING town_code, revision""", townCodes);
    }

    /** The current revision of each of these towns that has one. */
    public Map<String, Long> current(Connection c, Collection<String> townCodes) {
        return byTown(c, "SELECT town_code, revision FROM town_revision WHERE town_code = ANY (?)", townCodes);
    }

    /** Runs a statement taking the town codes as its one array parameter and answering (town_code, revision) rows. */
    private static Map<String, Long> byTown(Connection c, String sql, Collection<String> townCodes) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("text", townCodes.toArray()));
                Map<String, Long> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }
}
