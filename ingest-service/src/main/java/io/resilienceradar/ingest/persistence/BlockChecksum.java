package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The same SHA-256 as {@link ReleaseChecksum} (one canonical line per observation), but with the value text given by
 * the caller (computed once for the JSON too) and the lines' UTF-8 written straight into a ~64 KB block that is hashed
 * whole, instead of a concatenated String, its UTF-8 bytes and a digest update per observation. ASCII text (nearly
 * all of a release) is copied char by char; the indicator's and period's bytes are reused while rows repeat them.
 * Hashing is over the same bytes in the same order, so the digest is identical ({@code BlockChecksumTest}).
 */
final class BlockChecksum {
    private static final int BLOCK = 1 << 16;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest digest;
    private byte[] block = new byte[BLOCK + 1024];
    private int size;
    private String indicator;
    private byte[] indicatorBytes;
    private String period;
    private byte[] periodBytes;

    BlockChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code indicator|area|period|value|status|text\n}; {@code valueText} is {@code ReleaseChecksum.valueText} or null. */
    void add(Observation o, String valueText) {
        if (o.indicator() != indicator || indicatorBytes == null) {
            indicator = o.indicator();
            indicatorBytes = utf8(indicator);
        }
        put(indicatorBytes);
        put('|');
        text(o.areaCode(), true);
        put('|');
        if (o.period() != period || periodBytes == null) {
            period = o.period();
            periodBytes = utf8(period);
        }
        put(periodBytes);
        put('|');
        text(valueText, false);
        put('|');
        text(o.status(), false);
        put('|');
        text(o.text(), false);
        put('\n');
        if (size >= BLOCK) {
            flush();
        }
    }

    /** A String's UTF-8 bytes ({@code "null"} for null where the contracts' concatenation writes it). */
    private void text(String s, boolean nullAsText) {
        if (s == null) {
            if (nullAsText) {
                put(NULL);
            }
            return;
        }
        int n = s.length();
        ensure(n);
        int start = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = start;
                put(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            block[size++] = (byte) c;
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? NULL : s.getBytes(StandardCharsets.UTF_8);
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, block, size, b.length);
        size += b.length;
    }

    private void put(char c) {
        ensure(1);
        block[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > block.length) {
            block = Arrays.copyOf(block, Math.max(block.length * 2, size + more));
        }
    }

    private void flush() {
        digest.update(block, 0, size);
        size = 0;
    }

    String hex() {
        flush();
        return HexFormat.of().formatHex(digest.digest());
    }
}
