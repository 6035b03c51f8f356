package io.resilienceradar.ingest.domain;

import java.util.Arrays;

/**
 * Open-addressing set of longs (8 bytes per key instead of ~60 for a boxed HashSet), so duplicate detection over a
 * 10-million-row release stays in tens of MB. Key 0 is reserved as "empty"; callers never produce it.
 */
public final class LongKeySet {
    private long[] table = new long[1 << 12];
    private int size;

    /** Adds the key; false when it was already present. */
    public boolean add(long key) {
        if ((size + 1) * 2L > table.length) {
            grow();
        }
        if (!insert(table, key)) {
            return false;
        }
        size++;
        return true;
    }

    private static boolean insert(long[] t, long key) {
        int mask = t.length - 1;
        int i = (int) mix(key) & mask;
        while (t[i] != 0) {
            if (t[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[i] = key;
        return true;
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long k : old) {
            if (k != 0) {
                insert(bigger, k);
            }
        }
        table = bigger;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(table, 0);
        size = 0;
    }
}
