package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outbox rows this replica committed and has not relayed yet, by id, so that the relays send the payloads they
 * already hold instead of reading megabytes of JSON back. Only a cache: the database stays the record of what is
 * unsent (the relays ask it for the ids), and a row missing here (written by another replica, before a restart, or
 * not kept because of the bound) is read from the table. Events and deferred profiles are held apart, each with its
 * own bound, because two relays drain them at their own pace.
 */
@ApplicationScoped
public class CommittedOutboxRows {
    /** Bound on the bytes held per kind while its relay cannot keep up (broker down, another replica relaying). */
    private static final long MAX_BYTES = 64L << 20;
    /** What a held profile counts for: its serialised size (~12 KB), roughly what its objects take. */
    private static final int PROFILE_WEIGHT = 16 << 10;

    private final Kind events = new Kind();
    private final Kind profiles = new Kind();

    /** Call only after the transaction that wrote them committed. */
    public synchronized void committed(List<OutboxStore.Row> committed) {
        events.add(committed.stream().filter(r -> !r.deferred()).toList());
        profiles.add(committed.stream().filter(OutboxStore.Row::deferred).toList());
    }

    /** The cached rows of {@code ids}; the ids not cached are added to {@code missing}. */
    public synchronized List<OutboxStore.Row> get(List<Long> ids, List<Long> missing) {
        List<OutboxStore.Row> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            OutboxStore.Row r = events.rows.get(id);
            if (r == null) {
                r = profiles.rows.get(id);
            }
            if (r == null) {
                missing.add(id);
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows of one kind that are sent, or below that kind's oldest unsent id (another replica relayed them). */
    public synchronized void forget(boolean deferred, List<Long> sent, long oldestUnsent) {
        kind(deferred).forget(sent, oldestUnsent);
    }

    /** No row of this kind is unsent. */
    public synchronized void forgetAll(boolean deferred) {
        kind(deferred).clear();
    }

    private Kind kind(boolean deferred) {
        return deferred ? profiles : events;
    }

    private static final class Kind {
        private final TreeMap<Long, OutboxStore.Row> rows = new TreeMap<>();
        private long bytes;

        void add(List<OutboxStore.Row> committed) {
            long size = committed.stream().mapToLong(Kind::weight).sum();
            if (bytes + size <= MAX_BYTES) {
                committed.forEach(r -> rows.put(r.id(), r));
                bytes += size;
            }
        }

        void forget(List<Long> sent, long oldestUnsent) {
            sent.forEach(id -> drop(rows.remove(id)));
            Map<Long, OutboxStore.Row> relayed = rows.headMap(oldestUnsent);
            relayed.values().forEach(this::drop);
            relayed.clear();
        }

        void clear() {
            rows.clear();
            bytes = 0;
        }

        private void drop(OutboxStore.Row r) {
            if (r != null) {
                bytes -= weight(r);
            }
        }

        private static long weight(OutboxStore.Row r) {
            long weight = 0;
            for (OutboxStore.Row e : r.events()) {
                weight += e.payload().length + (e.profile() == null ? 0 : PROFILE_WEIGHT);
            }
            return weight;
        }
    }
}
