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
     * A <em>bundle</em> row ({@code entries} not null, no payload) stands for consecutive events of one topic, type,
     * time and kind, stored and marked sent as one row ({@link OutboxBundle}) and relayed as its entries, which carry
     * the bundle's id.
     */
    private static final String TRANSITIONS = "membership-transitions";

    public record Row(long id, String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                      byte[] payload, boolean deferred, TownProfile profile, List<Row> entries) {
        public static Row of(String topic, String key, String ceId, String ceType, String ceSubject, Instant ceTime,
                             byte[] payload) {
            return new Row(0, topic, key, ceId, ceType, ceSubject, ceTime, payload, false, null, null);
        }

        /** A profile published after the commit: only its stub is stored. */
        public static Row deferredProfile(String topic, String ceId, String ceType, Instant ceTime, TownProfile profile,
                                          byte[] stub) {
            return new Row(0, topic, profile.townCode(), ceId, ceType, profile.townCode(), ceTime, stub, true, profile,
                    null);
        }

        /**
         * One row for these events (not empty; one topic, type, time and kind), keyed by {@code cause} and named
         * by the first event's id (neither is sent: each entry is sent with its own).
         */
        public static Row bundle(String cause, List<Row> events) {
            return bundle(cause, events, null);
        }

        /**
         * A bundle of a release's membership transitions (what alerts wait for): the relay sends such bundles at the
         * head of a pass in a produce request of their own. The kind is kept in the bundle's own subject, which is
         * stored but never sent.
         */
        public static Row transitions(String cause, List<Row> events) {
            return bundle(cause, events, TRANSITIONS);
        }

        private static Row bundle(String cause, List<Row> events, String subject) {
            Row first = events.get(0);
            for (Row e : events) {
                if (e.entries != null || !e.topic.equals(first.topic) || !e.ceType.equals(first.ceType)
                        || !e.ceTime.equals(first.ceTime) || e.deferred != first.deferred) {
                    throw new IllegalArgumentException("a bundle holds single events of one topic, type, time, kind");
                }
            }
            return new Row(0, first.topic, cause, first.ceId, first.ceType, subject, first.ceTime, null, first.deferred,
                    null, List.copyOf(events));
        }

        public boolean isBundle() {
            return entries != null;
        }

        /** True for a bundle made by {@link #transitions}, also when read back from the table. */
        public boolean isTransitions() {
            return entries != null && TRANSITIONS.equals(ceSubject);
        }

        /** The events this row stands for, in order: its entries (with its id), or itself. */
        public List<Row> events() {
            return entries == null ? List.of(this) : entries;
        }

        Row withId(long newId) {
            return new Row(newId, topic, key, ceId, ceType, ceSubject, ceTime, payload, deferred, profile,
                    entries == null ? null : entries.stream().map(e -> e.withId(newId)).toList());
        }

        /** The same event with the payload to send (a deferred profile once rendered). */
        public Row withPayload(byte[] rendered) {
            return new Row(id, topic, key, ceId, ceType, ceSubject, ceTime, rendered, deferred, profile, null);
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
                    "id, topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload, deferred, entries, bundle")) {
                rows.accept(row -> Db.sql(() -> {
                    Row r = row.withId(ids.get(out.size()));
                    copy.row(11).int8(r.id()).text(r.topic()).text(r.key()).text(r.ceId()).text(r.ceType())
                            .text(r.ceSubject()).timestamptz(r.ceTime());
                    if (r.isBundle()) {
                        copy.nullValue().bool(r.deferred()).int4(r.entries().size()).bytes(encode(r.entries()));
                    } else {
                        copy.bytes(r.payload()).bool(r.deferred()).int4(1).nullValue();
                    }
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

    private static byte[] encode(List<Row> entries) {
        return OutboxBundle.encode(entries.stream()
                .map(e -> new OutboxBundle.Entry(e.key(), e.ceId(), e.ceSubject(), e.payload())).toList());
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
     * Ids of the oldest unsent rows of one kind (events, or deferred profiles), in order, as many as hold about
     * {@code maxEvents} events (at least one row, so a bundle larger than that goes out whole). No payloads: the relay
     * usually has them in memory.
     */
    public List<Long> unsentIds(Connection c, boolean deferred, int maxEvents) {
        return Db.sql(() -> {
            // a literal predicate per kind, so the planner always takes that kind's partial index (V4)
            try (PreparedStatement ps = c.prepareStatement(deferred
                    ? "SELECT id, entries FROM outbox WHERE sent_at IS NULL AND deferred ORDER BY id LIMIT ?"
                    : "SELECT id, entries FROM outbox WHERE sent_at IS NULL AND NOT deferred ORDER BY id LIMIT ?")) {
                ps.setInt(1, maxEvents);
                List<Long> out = new ArrayList<>();
                long events = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (events < maxEvents && rs.next()) {
                        out.add(rs.getLong(1));
                        events += rs.getInt(2);
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
                    SELECT id, topic, msg_key, ce_id, ce_type, ce_subject, ce_time, payload, deferred, bundle
                    FROM outbox WHERE id = ANY (?) ORDER BY id""")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Row read(ResultSet rs) throws java.sql.SQLException {
        long id = rs.getLong(1);
        String topic = rs.getString(2);
        String ceType = rs.getString(5);
        Instant ceTime = rs.getTimestamp(7).toInstant();
        boolean deferred = rs.getBoolean(9);
        byte[] bundle = rs.getBytes(10);
        List<Row> entries = bundle == null ? null : OutboxBundle.decode(bundle).stream()
                .map(e -> new Row(id, topic, e.key(), e.ceId(), ceType, e.ceSubject(), ceTime, e.payload(), deferred,
                        null, null))
                .toList();
        return new Row(id, topic, rs.getString(3), rs.getString(4), ceType, rs.getString(6), ceTime, rs.getBytes(8),
                deferred, null, entries);
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
