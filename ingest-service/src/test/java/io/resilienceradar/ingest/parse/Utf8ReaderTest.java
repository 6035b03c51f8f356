package io.resilienceradar.ingest.parse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Utf8Reader against the JDK's strict UTF-8 decoder: the same text, or a refusal on the same line. */
class Utf8ReaderTest {
    private static final int[] INTERESTING = {0x00, 0x0A, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x8F, 0x90, 0x9F, 0xA0};

    @Test
    void decodesAsTheJdkDoesAndRefusesWhatItRefusesOnTheSameLine() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = i % 2 == 0 ? text(random) : noise(random);
            compare(bytes, random);
        }
    }

    @Test
    void longAsciiWithNewlinesCountsEveryLine() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            s.append("E0100").append(i % 10).append(i % 7 == 0 ? "\n" : ",");
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xC3; // truncated at the very end
        compare(bytes, new Random(1));
        compare(bad, new Random(2));
    }

    private static void compare(byte[] bytes, Random random) throws IOException {
        String expected = null;
        long expectedLine = -1;
        try {
            expected = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            expectedLine = line(bytes, malformedAt(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError(e);
        }
        StringBuilder got = new StringBuilder();
        long gotLine = -1;
        // small, odd reads on both sides: sequences split across buffers and caller arrays
        try (Utf8Reader r = new Utf8Reader(new Trickle(new ByteArrayInputStream(bytes), random))) {
            char[] c = new char[1 + random.nextInt(40)];
            int n;
            while ((n = r.read(c, 0, 1 + random.nextInt(c.length))) >= 0) {
                got.append(c, 0, n);
            }
        } catch (Utf8Reader.Malformed e) {
            gotLine = e.line;
        }
        if (expected != null) {
            assertThat(gotLine).as("refused valid input").isEqualTo(-1);
            assertThat(got.toString()).isEqualTo(expected);
        } else {
            assertThat(gotLine).as("line of the malformed byte").isEqualTo(expectedLine);
        }
    }

    /** The index of the first malformed byte, as the JDK's decoder reports it. */
    private static int malformedAt(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        var result = decoder.decode(in, java.nio.CharBuffer.allocate(bytes.length * 2 + 2), true);
        if (!result.isMalformed()) {
            result = decoder.flush(java.nio.CharBuffer.allocate(4));
        }
        return in.position();
    }

    private static long line(byte[] bytes, int upTo) {
        long line = 1;
        for (int i = 0; i < upTo; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static byte[] text(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(60);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            int cp = kind < 5 ? 0x20 + random.nextInt(0x5F) : kind == 5 ? '\n' : kind == 6 ? 0x80 + random.nextInt(0x780)
                    : kind == 7 ? 0x800 + random.nextInt(0xD000) : kind == 8 ? 0xE000 + random.nextInt(0x2000)
                    : 0x10000 + random.nextInt(0x100000);
            s.appendCodePoint(cp);
        }
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(3) == 0 && b.length > 0) { // one byte changed: often malformed
            b[random.nextInt(b.length)] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return b;
    }

    private static byte[] noise(Random random) {
        byte[] b = new byte[random.nextInt(24)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (random.nextInt(3) == 0 ? 'a' + random.nextInt(3) : INTERESTING[random.nextInt(INTERESTING.length)]);
        }
        return b;
    }

    /** Hands out at most a few bytes per read. */
    private static final class Trickle extends FilterInputStream {
        private final Random random;

        Trickle(InputStream in, Random random) {
            super(in);
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(20)));
        }
    }
}
