package io.resilienceradar.ingest.parse;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor under the parsing thread: CPU seconds to read a release's bytes, to decode them ({@link Utf8Reader}), and
 * to tokenise them with FastCSV doing nothing with the fields (a no-op callback handler). What the pipeline cannot go
 * below while it reads CSV with the library (docs/benchmarks-ingest.md, seventh round):
 * {@code java -cp <test classpath> io.resilienceradar.ingest.parse.ParseFloor target/bench/release-10000000.csv 4}.
 */
public final class ParseFloor {
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var threads = ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < reps; rep++) {
            long t0 = threads.getCurrentThreadCpuTime();
            long bytes = read(csv);
            long t1 = threads.getCurrentThreadCpuTime();
            long chars = decode(csv);
            long t2 = threads.getCurrentThreadCpuTime();
            long[] counts = tokenise(csv);
            long t3 = threads.getCurrentThreadCpuTime();
            System.out.printf("floor rep %d: %,d bytes, %,d chars, %,d records, %,d fields | read %.2f s, read + decode"
                            + " %.2f s, read + decode + FastCSV (no-op handler) %.2f s%n", rep, bytes, chars, counts[0],
                    counts[1], (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
    }

    private static long read(Path csv) throws IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        try (InputStream in = Files.newInputStream(csv)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    private static long decode(Path csv) throws IOException {
        char[] buf = new char[1 << 16];
        long n = 0;
        try (Reader in = new Utf8Reader(Files.newInputStream(csv))) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    private static long[] tokenise(Path csv) throws IOException {
        Counting handler = new Counting();
        long records = 0;
        try (Reader in = new Utf8Reader(Files.newInputStream(csv));
             CsvReader<Object> reader = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true)
                     .allowMissingFields(true).build(handler, in)) {
            for (var it = reader.iterator(); it.hasNext(); it.next()) {
                records++;
            }
        }
        return new long[] {records, handler.fields};
    }

    /** Counts fields and nothing else, so the tokenizer's own cost is what remains. */
    private static final class Counting extends AbstractBaseCsvCallbackHandler<Object> {
        private static final Object RECORD = new Object();
        long fields;

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            fields++;
        }

        @Override
        protected Object buildRecord() {
            return RECORD;
        }
    }

    private ParseFloor() {
    }
}
