package io.resilienceradar.scoring.persistence;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

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
 *
 * <p>Stored lz4-compressed: {@code 'L'}, the plain form's length (4 bytes), then one lz4 block. A release's change
 * events are ~2.6 MB of repetitive JSON, and PostgreSQL wrote all of it (plus WAL) on the applying transaction's
 * path; lz4 shrinks it several times for a few milliseconds of CPU. The embedded PostgreSQL has no lz4 of its own and
 * its pglz cost more than it saved (V2, V6). A plain bundle (written before this) starts with its entry count, at
 * most a few hundred, so its first byte is 0 and {@link #decode} tells the two apart.
 */
final class OutboxBundle {
    private static final byte LZ4 = 'L';
    private static final LZ4Factory LZ4_FACTORY = factory();
    private static final LZ4Compressor COMPRESSOR = LZ4_FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4_FACTORY.safeDecompressor();

    private OutboxBundle() {
    }

    /** An entry as stored: the per-event fields of an outbox row. */
    record Entry(String key, String ceId, String ceSubject, byte[] payload) {
    }

    /**
     * The JNI codec where it loads (the library ships it for Linux, macOS and Windows), else the pure-Java safe one
     * (the same format). Not {@code fastestInstance()}: that takes the native codec only under the system class
     * loader, and Quarkus runs the application under its own, so it fell back to Java, ~3× slower on a 2.6 MB bundle.
     */
    private static LZ4Factory factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (Throwable unavailable) { // UnsatisfiedLinkError, or an ExceptionInInitializerError wrapping it
            return LZ4Factory.fastestJavaInstance();
        }
    }

    /** The codec in use (named in the interoperability test's message). */
    static String codec() {
        return LZ4_FACTORY.toString();
    }

    static byte[] encode(List<Entry> entries) {
        byte[] plain = encodePlain(entries);
        byte[] out = new byte[5 + COMPRESSOR.maxCompressedLength(plain.length)];
        ByteBuffer.wrap(out).put(LZ4).putInt(plain.length);
        int n = COMPRESSOR.compress(plain, 0, plain.length, out, 5, out.length - 5);
        return java.util.Arrays.copyOf(out, 5 + n);
    }

    /** The uncompressed layout (what rows written before compression hold). */
    static byte[] encodePlain(List<Entry> entries) {
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
        if (bundle.length > 0 && bundle[0] == LZ4) {
            byte[] plain = new byte[ByteBuffer.wrap(bundle, 1, 4).getInt()];
            // the safe decompressor: a damaged row fails here instead of reading past its block
            if (DECOMPRESSOR.decompress(bundle, 5, bundle.length - 5, plain, 0) != plain.length) {
                throw new IllegalStateException("outbox bundle decompressed to fewer bytes than its header says");
            }
            bundle = plain;
        }
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
