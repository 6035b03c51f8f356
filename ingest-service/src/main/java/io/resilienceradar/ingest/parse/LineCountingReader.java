package io.resilienceradar.ingest.parse;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Counts the newlines handed to the CSV/JSON parser, which reads ahead in blocks: when decoding fails, the failing line
 * is the one after the last newline that decoded cleanly.
 */
final class LineCountingReader extends FilterReader {
    private long newlines;

    LineCountingReader(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c == '\n') {
            newlines++;
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = off; i < off + n; i++) {
            if (buf[i] == '\n') {
                newlines++;
            }
        }
        return n;
    }

    /** The line being decoded (1-based). */
    long line() {
        return newlines + 1;
    }
}
