package io.resilienceradar.ingest.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * The (indicator, period, area) keys seen so far, for the duplicate check. A release is usually a grid (every area for
 * each indicator and period, in order), so each (indicator, period) gets a bitmap over area ids: about one bit per key,
 * touched in order, instead of a hash set's 16 bytes per key at random places in a table of hundreds of MB (the
 * staging step's hot spot). When the bitmaps would cost more than a {@link LongKeySet} (a sparse release), the keys
 * move there and stay there, so memory never exceeds about twice what the set alone would use.
 */
public final class SeenKeys {
    private static final long SLACK_WORDS = 1 << 14;

    private final Map<Long, long[]> bitmaps = new HashMap<>();
    private LongKeySet fallback;
    private long lastPair = -1;
    private long[] lastBits;
    private long words;
    private long size;

    /**
     * Adds the key (ids from 1, indicator and period below 2^16); false when it was already present.
     */
    public boolean add(int indicator, int period, int area) {
        if (fallback != null) {
            return fallback.add(LongKeys.key(indicator, period, area));
        }
        long pair = ((long) indicator << 32) | period;
        long[] bits = pair == lastPair ? lastBits : bitmaps.get(pair);
        int word = area >>> 6;
        if (bits == null || word >= bits.length) {
            bits = grow(pair, bits, word);
            if (fallback != null) {
                return add(indicator, period, area);
            }
        }
        lastPair = pair;
        lastBits = bits;
        long mask = 1L << area;
        if ((bits[word] & mask) != 0) {
            return false;
        }
        bits[word] |= mask;
        size++;
        return true;
    }

    private long[] grow(long pair, long[] bits, int word) {
        int old = bits == null ? 0 : bits.length;
        int length = Math.max(word + 1, old * 2);
        words += length - old;
        if (words > 2 * size + SLACK_WORDS) {
            toHashSet();
            return null;
        }
        long[] bigger = new long[length];
        if (bits != null) {
            System.arraycopy(bits, 0, bigger, 0, old);
        }
        bitmaps.put(pair, bigger);
        return bigger;
    }

    private void toHashSet() {
        fallback = new LongKeySet();
        bitmaps.forEach((pair, bits) -> {
            int indicator = (int) (pair >>> 32);
            int period = (int) (long) pair;
            for (int w = 0; w < bits.length; w++) {
                long b = bits[w];
                while (b != 0) {
                    int area = (w << 6) + Long.numberOfTrailingZeros(b);
                    fallback.add(LongKeys.key(indicator, period, area));
                    b &= b - 1;
                }
            }
        });
        bitmaps.clear();
        lastBits = null;
        lastPair = -1;
    }

    public long size() {
        return fallback != null ? fallback.size() : size;
    }

    /** True once the keys moved to the hash set (for tests). */
    boolean sparse() {
        return fallback != null;
    }

    /** One long per key for {@link LongKeySet}: never 0, since ids start at 1. */
    static final class LongKeys {
        static long key(int indicator, int period, int area) {
            return ((long) indicator << 48) | ((long) period << 32) | (area & 0xFFFF_FFFFL);
        }

        private LongKeys() {
        }
    }
}
