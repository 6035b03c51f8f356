package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The same SHA-256 as {@link ReleaseChecksum} (one canonical line per observation), but with the value text given by
 * the caller (computed once for the JSON too) and the lines gathered into blocks of about 64 KB before hashing,
 * instead of a concatenated String, its UTF-8 bytes and a digest update per observation. Hashing is over the same
 * bytes in the same order, so the digest is identical ({@code BlockChecksumTest}).
 */
final class BlockChecksum {
    private static final int BLOCK = 1 << 16;

    private final MessageDigest digest;
    private final StringBuilder lines = new StringBuilder(BLOCK + 1024);

    BlockChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code indicator|area|period|value|status|text\n}; {@code valueText} is {@code Double.toString} or null. */
    void add(Observation o, String valueText) {
        lines.append(o.indicator()).append('|').append(o.areaCode()).append('|').append(o.period()).append('|');
        if (valueText != null) {
            lines.append(valueText);
        }
        lines.append('|');
        if (o.status() != null) {
            lines.append(o.status());
        }
        lines.append('|');
        if (o.text() != null) {
            lines.append(o.text());
        }
        lines.append('\n');
        if (lines.length() >= BLOCK) {
            flush(); // at a line end: a surrogate pair is never split across blocks
        }
    }

    private void flush() {
        digest.update(lines.toString().getBytes(StandardCharsets.UTF_8));
        lines.setLength(0);
    }

    String hex() {
        flush();
        return HexFormat.of().formatHex(digest.digest());
    }
}
