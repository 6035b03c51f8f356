package io.resilienceradar.scoring.persistence;

import io.resilienceradar.contracts.events.Observation;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Observations with their provenance (the applied-log entry of their release), in release order. */
@ApplicationScoped
public class ObservationStore {
    private static final int BATCH = 1000;

    public void insert(Connection c, long releaseSeq, List<Observation> observations) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO observation (release_seq, ordinal, indicator, area_code, period, value, status, text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                int ordinal = 0;
                for (Observation o : observations) {
                    ps.setLong(1, releaseSeq);
                    ps.setInt(2, ordinal++);
                    ps.setString(3, o.indicator());
                    ps.setString(4, o.areaCode());
                    ps.setString(5, o.period());
                    if (o.value() == null) {
                        ps.setNull(6, Types.DOUBLE);
                    } else {
                        ps.setDouble(6, o.value());
                    }
                    ps.setString(7, o.status());
                    ps.setString(8, o.text());
                    ps.addBatch();
                    if (ordinal % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public List<Observation> load(Connection c, long releaseSeq) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT indicator, area_code, period, value, status, text FROM observation
                    WHERE release_seq = ? ORDER BY ordinal""")) {
                ps.setLong(1, releaseSeq);
                ps.setFetchSize(5000);
                List<Observation> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(4);
                        Double value = rs.wasNull() ? null : v;
                        out.add(new Observation(rs.getString(1), rs.getString(2), rs.getString(3), value,
                                rs.getString(5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }
}
