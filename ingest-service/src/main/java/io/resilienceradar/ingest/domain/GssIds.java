package io.resilienceradar.ingest.domain;

/**
 * GSS area codes ({@code [EWSNK]} and 8 digits) as ints (letter index × 10^8 + the digits, below 5 × 10^8), and dense
 * ids for them (1, 2, … in first-seen order) in an open-addressing int table. Per row this replaces a String's hash
 * and a probe of a {@code HashMap<String, Integer>} (the parsing thread's largest single cost on a 10 M-row release)
 * with nine char reads and a probe of an int array.
 */
public final class GssIds {
    private static final String LETTERS = "EWSNK";

    private int[] keys = new int[1 << 12]; // number + 1; 0 = empty
    private int[] ids = new int[1 << 12];
    private int size;

    /** The code's number, or -1 when it is not GSS-shaped. */
    public static int number(String s) {
        if (s.length() != 9) {
            return -1;
        }
        int letter = LETTERS.indexOf(s.charAt(0));
        if (letter < 0) {
            return -1;
        }
        int n = letter;
        for (int i = 1; i < 9; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** The same for a range of chars (a CSV field in the tokenizer's buffer). */
    public static int number(char[] buf, int offset, int len) {
        if (len != 9) {
            return -1;
        }
        int letter = LETTERS.indexOf(buf[offset]);
        if (letter < 0) {
            return -1;
        }
        int n = letter;
        for (int i = offset + 1; i < offset + 9; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** The id of a number (from {@link #number}), assigned on first sight. */
    public int id(int number) {
        int key = number + 1;
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                return ids[i];
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
            return id(number);
        }
        keys[i] = key;
        ids[i] = ++size;
        return size;
    }

    /** The id of a number seen before, or 0. */
    public int find(int number) {
        int key = number + 1;
        int mask = keys.length - 1;
        for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return ids[i];
            }
        }
        return 0;
    }

    /** How many distinct codes have an id. */
    public int size() {
        return size;
    }

    // consecutive codes (a release lists areas in order) land in neighbouring slots: cache lines are reused instead of
    // a miss per row, as a scattering hash would cost; the high bits are folded in for codes of other series
    private static int slot(int key, int mask) {
        return (key ^ key >>> 17) & mask;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new int[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                ids[i] = oldIds[j];
            }
        }
    }
}
