package io.resilienceradar.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;

/**
 * Strict UTF-8 to chars in one pass over the bytes, counting lines on the way, so that a bad byte is reported on its
 * own line (the CSV/JSON parsers above read ahead in blocks and cannot tell). It replaces a checking stream, the JDK's
 * decoder and a line-counting reader: three passes over every byte of a release of hundreds of MB. ASCII, almost all
 * of a release, goes eight bytes at a time. It accepts exactly what the JDK's strict decoder accepts (no overlong
 * forms, no surrogates, nothing above U+10FFFF: {@code Utf8ReaderTest} compares them).
 */
final class Utf8Reader extends Reader {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_BITS = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;

    /** Bad UTF-8 at a known line. */
    static final class Malformed extends CharacterCodingException {
        final long line;

        Malformed(long line) {
            this.line = line;
        }

        @Override
        public String getMessage() {
            return "malformed UTF-8 on line " + line;
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private long line = 1;
    private char pendingLow; // the low surrogate of a supplementary character that did not fit the caller's buffer

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int o = off;
        int limit = off + len;
        if (pendingLow != 0) {
            cbuf[o++] = pendingLow;
            pendingLow = 0;
        }
        while (o < limit) {
            if (end - pos < 4 && !eof) {
                fill(); // keeps a whole sequence (up to 4 bytes) in the buffer, unless at the end
            }
            if (pos == end) {
                break;
            }
            // ASCII eight bytes at a time, newlines counted by a SWAR zero-byte test
            while (limit - o >= 8 && end - pos >= 8) {
                long w = (long) LONG.get(buf, pos);
                if ((w & HIGH_BITS) != 0) {
                    break;
                }
                long x = w ^ NEWLINES; // a zero byte where there was a newline
                line += Long.bitCount(~(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS));
                for (int k = 0; k < 8; k++) {
                    cbuf[o + k] = (char) buf[pos + k];
                }
                pos += 8;
                o += 8;
            }
            if (o == limit || pos == end) {
                continue;
            }
            if (end - pos < 4 && !eof) {
                continue; // refill first: the next sequence may straddle the buffer's end
            }
            int b = buf[pos];
            if (b >= 0) {
                if (b == '\n') {
                    line++;
                }
                cbuf[o++] = (char) b;
                pos++;
            } else {
                o = decode(b & 0xFF, cbuf, o, limit);
            }
        }
        return o == off ? -1 : o - off;
    }

    /** One multi-byte sequence starting at {@code pos}, validated as the JDK's decoder does. */
    private int decode(int b0, char[] cbuf, int o, int limit) throws Malformed {
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            if (b0 == 0xE0) {
                lo = 0xA0; // overlong
            } else if (b0 == 0xED) {
                hi = 0x9F; // surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            if (b0 == 0xF0) {
                lo = 0x90; // overlong
            } else if (b0 == 0xF4) {
                hi = 0x8F; // above U+10FFFF
            }
        } else {
            throw new Malformed(line);
        }
        if (end - pos < n) {
            throw new Malformed(line); // fill() keeps 4 bytes unless at the end: truncated
        }
        int b1 = buf[pos + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            throw new Malformed(line);
        }
        int cp = (b0 & (0xFF >> (n + 1))) << 6 | (b1 & 0x3F);
        for (int i = 2; i < n; i++) {
            int bi = buf[pos + i] & 0xFF;
            if ((bi & 0xC0) != 0x80) {
                throw new Malformed(line);
            }
            cp = cp << 6 | (bi & 0x3F);
        }
        pos += n;
        if (cp < 0x10000) {
            cbuf[o++] = (char) cp;
        } else {
            cbuf[o++] = Character.highSurrogate(cp);
            if (o < limit) {
                cbuf[o++] = Character.lowSurrogate(cp);
            } else {
                pendingLow = Character.lowSurrogate(cp);
            }
        }
        return o;
    }

    private void fill() throws IOException {
        int left = end - pos;
        System.arraycopy(buf, pos, buf, 0, left);
        pos = 0;
        end = left;
        while (end < 4) { // reads until a whole sequence is in the buffer, or the end
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                eof = true;
                return;
            }
            end += r;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
