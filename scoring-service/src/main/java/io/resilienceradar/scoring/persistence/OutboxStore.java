package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The transactional outbox: events written with the state that caused them, relayed to Kafka in id order. */
@ApplicationScoped
public class OutboxStore {
    private static final int BATCH = 500;

    /** An event to publish: topic, key, CloudEvent attributes, contract JSON. */
    public record Row(long id, String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                      String payload) {
        public static Row of(String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                             String payload) {
            return new Row(0, topic, key, ceId, ceType, ceSubject, ceTime, payload);
        }
    }

    public void add(Connection c, List<Row> rows) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO outbox (topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                int n = 0;
                for (Row r : rows) {
                    ps.setString(1, r.topic());
                    ps.setString(2, r.key());
                    ps.setString(3, r.ceId());
                    ps.setString(4, r.ceType());
                    ps.setString(5, r.ceSubject());
                    ps.setTimestamp(6, Timestamp.from(r.ceTime()));
                    ps.setString(7, r.payload());
                    ps.addBatch();
                    if (++n % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public List<Row> unsent(Connection c, int limit) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload FROM outbox
                    WHERE sent_at IS NULL ORDER BY id LIMIT ?""")) {
                ps.setInt(1, limit);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    public void markSent(Connection c, List<Long> ids) {
        Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET sent_at = now() WHERE id = ANY (?)")) {
                Array array = c.createArrayOf("bigint", ids.toArray());
                ps.setArray(1, array);
                return ps.executeUpdate();
            }
        });
    }

    public long pending(Connection c) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
