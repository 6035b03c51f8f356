package io.resilienceradar.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outbox rows this replica committed and has not relayed yet, by id, so that the relay sends the payloads it already
 * holds instead of reading megabytes of JSON back. Only a cache: the database stays the record of what is unsent
 * (the relay asks it for the ids), and a row missing here (written by another replica, before a restart, or not
 * kept because of the bound) is read from the table.
 */
@ApplicationScoped
public class CommittedOutboxRows {
    /** Bound on the payload bytes held while the relay cannot keep up (broker down, another replica relaying). */
    private static final long MAX_BYTES = 64L << 20;
    /** What a held profile counts for: its serialised size (~12 KB), roughly what its objects take. */
    private static final int PROFILE_WEIGHT = 16 << 10;

    private final TreeMap<Long, OutboxStore.Row> rows = new TreeMap<>();
    private long bytes;

    /** Call only after the transaction that wrote them committed. */
    public synchronized void committed(List<OutboxStore.Row> committed) {
        long size = committed.stream().mapToLong(CommittedOutboxRows::weight).sum();
        if (bytes + size <= MAX_BYTES) {
            committed.forEach(r -> rows.put(r.id(), r));
            bytes += size;
        }
    }

    /** The cached rows of {@code ids}; the ids not cached are added to {@code missing}. */
    public synchronized List<OutboxStore.Row> get(List<Long> ids, List<Long> missing) {
        List<OutboxStore.Row> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            OutboxStore.Row r = rows.get(id);
            if (r == null) {
                missing.add(id);
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows that are sent, or below the oldest unsent id (another replica relayed them). */
    public synchronized void forget(List<Long> sent, long oldestUnsent) {
        sent.forEach(id -> drop(rows.remove(id)));
        Map<Long, OutboxStore.Row> relayed = rows.headMap(oldestUnsent);
        relayed.values().forEach(this::drop);
        relayed.clear();
    }

    public synchronized void forgetAll() {
        rows.clear();
        bytes = 0;
    }

    private void drop(OutboxStore.Row r) {
        if (r != null) {
            bytes -= weight(r);
        }
    }

    private static long weight(OutboxStore.Row r) {
        return r.payload().length + (r.profile() == null ? 0 : PROFILE_WEIGHT);
    }
}
