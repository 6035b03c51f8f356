package io.resilienceradar.ingest.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * Checks UTF-8 byte structure as bytes pass and counts lines, so a bad byte is reported on its own line (the parsers
 * above read ahead in blocks and cannot tell). Overlong forms and surrogates are left to the strict decoder.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
    private long line = 1;
    private int pending; // continuation bytes still expected

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

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check((byte) b);
        } else if (pending > 0) {
            throw new Malformed(line);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0 && pending > 0) {
            throw new Malformed(line);
        }
        for (int i = off; i < off + n; i++) {
            check(buf[i]);
        }
        return n;
    }

    private void check(byte b) throws Malformed {
        if (pending > 0) {
            if ((b & 0xC0) != 0x80) {
                throw new Malformed(line);
            }
            pending--;
            return;
        }
        if (b >= 0) {
            if (b == '\n') {
                line++;
            }
            return;
        }
        int u = b & 0xFF;
        if (u >= 0xC2 && u <= 0xDF) {
            pending = 1;
        } else if (u >= 0xE0 && u <= 0xEF) {
            pending = 2;
        } else if (u >= 0xF0 && u <= 0xF4) {
            pending = 3;
        } else {
            throw new Malformed(line);
        }
    }
}
