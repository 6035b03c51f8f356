package io.resilienceradar.scoring.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a bundle row's entries ({@code outbox.bundle}): per entry its message key, CloudEvent id,
 * subject and payload, in relay order; topic, type, time and kind are the row's. Layout: entry count, then per
 * entry four length-prefixed fields (length -1: null), lengths as 4-byte big-endian ints. The payloads are the
 * events' UTF-8 JSON as serialised once, so what the relay sends from a stored bundle is byte-identical to what it
 * sends from memory.
 */
final class OutboxBundle {
    private OutboxBundle() {
    }

    /** An entry as stored: the per-event fields of an outbox row. */
    record Entry(String key, String ceId, String ceSubject, byte[] payload) {
    }

    static byte[] encode(List<Entry> entries) {
        List<byte[][]> fields = new ArrayList<>(entries.size());
        int size = 4;
        for (Entry e : entries) {
            byte[][] f = {utf8(e.key()), utf8(e.ceId()), utf8(e.ceSubject()), e.payload()};
            for (byte[] b : f) {
                size += 4 + (b == null ? 0 : b.length);
            }
            fields.add(f);
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(entries.size());
        for (byte[][] f : fields) {
            for (byte[] b : f) {
                if (b == null) {
                    out.putInt(-1);
                } else {
                    out.putInt(b.length).put(b);
                }
            }
        }
        return out.array();
    }

    static List<Entry> decode(byte[] bundle) {
        ByteBuffer in = ByteBuffer.wrap(bundle);
        int n = in.getInt();
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Entry(string(in), string(in), string(in), field(in)));
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException("outbox bundle has " + in.remaining() + " bytes after its " + n + " entries");
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer in) {
        byte[] b = field(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] field(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
