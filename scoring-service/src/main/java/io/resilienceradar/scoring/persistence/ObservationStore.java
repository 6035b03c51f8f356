package io.resilienceradar.scoring.persistence;

import io.resilienceradar.contracts.events.Observation;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Observations with their provenance (the applied-log entry of their release), in release order. */
@ApplicationScoped
public class ObservationStore {
    /** Stores a release's observations in one COPY (a census release is ~14,000 rows). */
    public void insert(Connection c, long releaseSeq, List<Observation> observations) {
        Db.sql(() -> {
            try (BinaryCopy copy = BinaryCopy.into(c, "observation",
                    "release_seq, ordinal, indicator, area_code, period, value, status, text")) {
                int ordinal = 0;
                for (Observation o : observations) {
                    copy.row(8).int8(releaseSeq).int4(ordinal++).text(o.indicator()).text(o.areaCode())
                            .text(o.period()).float8(o.value()).text(o.status()).text(o.text());
                }
                return copy.finish();
            }
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
