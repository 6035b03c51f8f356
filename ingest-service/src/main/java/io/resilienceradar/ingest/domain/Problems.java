package io.resilienceradar.ingest.domain;

import java.util.ArrayList;
import java.util.List;

/** Collects up to {@code limit} problems but keeps counting past it, so the report says how many there were. */
public final class Problems {
    private final int limit;
    private final List<Problem> kept = new ArrayList<>();
    private long total;

    public Problems(int limit) {
        this.limit = limit;
    }

    public void add(long line, String column, String value, String reason) {
        total++;
        if (kept.size() < limit) {
            kept.add(new Problem(line, column, value, reason));
        }
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public long total() {
        return total;
    }

    public List<Problem> list() {
        return List.copyOf(kept);
    }
}
