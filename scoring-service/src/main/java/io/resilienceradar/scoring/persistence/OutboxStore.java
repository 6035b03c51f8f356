package io.resilienceradar.scoring.persistence;

import io.resilienceradar.contracts.events.TownProfile;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The transactional outbox: events written with the state that caused them, relayed to Kafka in id order. */
@ApplicationScoped
public class OutboxStore {
    /**
     * An event to publish: topic, key, CloudEvent attributes, contract JSON (UTF-8, serialised once). A
     * {@code deferred} row's payload is a {@link TownProfile} without its characteristics, rendered by the relay;
     * {@code profile} is the whole profile as committed, held only in memory by the replica that wrote the row.
     */
    public record Row(long id, String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                      byte[] payload, boolean deferred, TownProfile profile) {
        public static Row of(String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                             byte[] payload) {
            return new Row(0, topic, key, ceId, ceType, ceSubject, ceTime, payload, false, null);
        }

        /** A profile published after the commit: only its stub is stored. */
        public static Row deferredProfile(String topic, String ceId, String ceType, Instant ceTime, TownProfile profile,
                                          byte[] stub) {
            return new Row(0, topic, profile.townCode(), ceId, ceType, profile.townCode(), ceTime, stub, true, profile);
        }

        Row withId(long newId) {
            return new Row(newId, topic, key, ceId, ceType, ceSubject, ceTime, payload, deferred, profile);
        }

        /** The same row with the payload to send (a deferred row once rendered). */
        public Row withPayload(byte[] rendered) {
            return new Row(id, topic, key, ceId, ceType, ceSubject, ceTime, rendered, deferred, profile);
        }
    }

    /**
     * Writes the rows in one COPY and returns them with their ids. The ids are taken from the outbox sequence first
     * (in order, inside the caller's transaction, which holds the apply lock: id order stays commit order).
     */
    public List<Row> add(Connection c, List<Row> rows) {
        return add(c, rows.size(), rows::forEach);
    }

    /**
     * Writes the {@code count} rows that {@code rows} hands to its sink in one COPY, streamed as they come: the
     * server stores the first rows while the caller still serialises the next. Returns them with their ids.
     */
    public List<Row> add(Connection c, int count, Consumer<Consumer<Row>> rows) {
        return Db.sql(() -> {
            List<Long> ids = nextIds(c, count);
            List<Row> out = new ArrayList<>(count);
            try (BinaryCopy copy = BinaryCopy.into(c, "outbox",
                    "id, topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload, deferred")) {
                rows.accept(row -> Db.sql(() -> {
                    Row r = row.withId(ids.get(out.size()));
                    copy.row(9).int8(r.id()).text(r.topic()).text(r.key()).text(r.ceId()).text(r.ceType())
                            .text(r.ceSubject()).timestamptz(r.ceTime()).bytes(r.payload()).bool(r.deferred());
                    return out.add(r);
                }));
                if (out.size() != count) {
                    throw new IllegalStateException(count + " outbox rows announced, " + out.size() + " written");
                }
                copy.finish();
            }
            return out;
        });
    }

    private static List<Long> nextIds(Connection c, int n) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval('outbox_id_seq') FROM generate_series(1, ?) ORDER BY 1")) {
            ps.setInt(1, n);
            List<Long> ids = new ArrayList<>(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /**
     * Ids of the oldest unsent rows of one kind (events, or deferred profiles), in order (no payloads: the relay
     * usually has them in memory).
     */
    public List<Long> unsentIds(Connection c, boolean deferred, int limit) {
        return Db.sql(() -> {
            // a literal predicate per kind, so the planner always takes that kind's partial index (V4)
            try (PreparedStatement ps = c.prepareStatement(deferred
                    ? "SELECT id FROM outbox WHERE sent_at IS NULL AND deferred ORDER BY id LIMIT ?"
                    : "SELECT id FROM outbox WHERE sent_at IS NULL AND NOT deferred ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
    }

    /** The rows of these ids, in id order. */
    public List<Row> byIds(Connection c, List<Long> ids) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload, deferred FROM outbox
                    WHERE id = ANY (?) ORDER BY id""")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getBytes(8),
                                rs.getBoolean(9), null));
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

    /** Deletes the rows sent before {@code cutoff}; returns how many. Unsent rows are never touched. */
    public int pruneSentBefore(Connection c, Instant cutoff) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE sent_at < ?")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    public long pending(Connection c) {
        return Db.sql(() -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND deferred)"
                    + " + (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND NOT deferred)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
