package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.ingest.messaging.BatchJson;
import io.resilienceradar.ingest.messaging.ObservationArray;

import org.apache.commons.io.output.DeferredFileOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The staged content of an accepted release, already in the form the relay sends: each batch's JSON
 * {@code observations} array (see {@link ObservationArray}), framed as (observation count, byte length, bytes) after a
 * format marker. Serialising while staging leaves the relay only read + send. The file is fsynced before the release
 * row commits; the row records the file's CRC32C, which the relay re-checks before it seals, so a damaged spool never
 * produces an applicable release.
 * <p>
 * A small release (up to the writer's inline limit) never reaches the file: its bytes are kept in the release row,
 * which the same commit makes durable. That saves an fsync of its own on the path of every small release.
 */
public final class Spool {
    /** "RRSPOOL2": a spool of this layout (the first layout held one record per observation). */
    static final long FORMAT = 0x5252_5350_4f4f_4c32L;

    /** What was staged: batches, observations, the CRC32C of the whole content and the content if kept inline. */
    public record Staged(int batches, long observations, long digest, byte[] inline) {
        /** Staged in a spool file (null inline). */
        public Staged(int batches, long observations, long digest) {
            this(batches, observations, digest, null);
        }

        /** True when the content is in {@link #inline()}, to be kept in the release row, and there is no file. */
        public boolean isInline() {
            return inline != null;
        }
    }

    /** Where a staged release is: its spool file, or the bytes its release row keeps (then file is null). */
    public record Location(Path file, byte[] inline) {
        public static Location of(Path file, Staged staged) {
            return staged.isInline() ? new Location(null, staged.inline()) : new Location(file, null);
        }

        public Reader open() throws IOException {
            return inline != null ? new Reader(new ByteArrayInputStream(inline), "the release row") : new Reader(file);
        }

        public boolean exists() {
            return inline != null || file != null && Files.exists(file);
        }

        /** Removes the file, if there is one (the row's bytes go with the row's update). */
        public void delete() throws IOException {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }

        @Override
        public String toString() {
            return inline != null ? "inline (" + inline.length + " bytes)" : String.valueOf(file);
        }
    }

    /** Told of each batch as soon as it is staged, with its serialised observations array (valid during the call). */
    @FunctionalInterface
    public interface FrameListener {
        void frame(int sequence, int observations, byte[] array, int length);
    }

    public static final class Writer implements AutoCloseable {
        private final Path path;
        private final DeferredFileOutputStream sink;
        private final CRC32C crc = new CRC32C();
        private final DataOutputStream out;
        private final int batchSize;
        private final ObservationArray array = new ObservationArray();
        private final FrameListener listener;
        private int inBatch;
        private int batches;
        private long observations;

        public Writer(Path path, int batchSize) throws IOException {
            this(path, batchSize, null);
        }

        /** With a listener told of each batch as it is written (null: none). */
        public Writer(Path path, int batchSize, FrameListener listener) throws IOException {
            this(path, batchSize, listener, 0);
        }

        /**
         * Keeping the content in memory while it stays within {@code inlineLimit} bytes (0: always the file); past
         * it, what was kept goes to the file and the rest follows it.
         */
        public Writer(Path path, int batchSize, FrameListener listener, int inlineLimit) throws IOException {
            this.listener = listener;
            this.path = path;
            Files.createDirectories(path.getParent());
            this.sink = DeferredFileOutputStream.builder().setThreshold(inlineLimit).setOutputFile(path).get();
            this.out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(sink, 1 << 16), crc));
            this.batchSize = batchSize;
            out.writeLong(FORMAT);
        }

        public void add(Observation o) throws IOException {
            add(o, BatchJson.valueText(o));
        }

        /** With the value already as {@link BatchJson#valueText}. */
        public void add(Observation o, String valueText) throws IOException {
            if (inBatch == 0) {
                array.reset();
            }
            array.add(o, valueText);
            if (++inBatch == batchSize) {
                endBatch();
            }
        }

        private void endBatch() throws IOException {
            array.end();
            out.writeInt(inBatch);
            out.writeInt(array.size());
            out.write(array.buffer(), 0, array.size());
            if (listener != null) {
                listener.frame(batches, inBatch, array.buffer(), array.size());
            }
            batches++;
            observations += inBatch;
            inBatch = 0;
        }

        /**
         * Writes the last batch and flushes; content in the file is forced to disk: the release row may only commit
         * after this. Inline content is returned, for the release row.
         */
        public Staged finish() throws IOException {
            if (inBatch > 0) {
                endBatch();
            }
            out.flush();
            if (sink.isInMemory()) {
                return new Staged(batches, observations, crc.getValue(), sink.getData());
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.force(true); // fsync through any descriptor of the file writes its data out
            }
            return new Staged(batches, observations, crc.getValue());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads the frames back in order; {@link #digest()} is the CRC32C of what was read. */
    public static final class Reader implements AutoCloseable {
        private final CRC32C crc = new CRC32C();
        private final DataInputStream in;

        public Reader(Path path) throws IOException {
            this(Files.newInputStream(path), path.toString());
        }

        /** Reads staged content from {@code raw}, named {@code source} in errors. */
        public Reader(InputStream raw, String source) throws IOException {
            in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc));
            long format;
            try {
                format = in.readLong();
            } catch (EOFException e) {
                format = 0;
            }
            if (format != FORMAT) {
                in.close();
                throw new Damaged(source + " is not a staged release of this version");
            }
        }

        /** The next frame's observation count and length (its bytes follow), or null at the end. */
        public Frame next() throws IOException {
            int count;
            try {
                count = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            int length = in.readInt();
            if (count <= 0 || length <= 0) {
                throw new Damaged("frame header (" + count + ", " + length + ") is not valid");
            }
            return new Frame(count, length);
        }

        /** The current frame's bytes, into {@code dst} at {@code offset}. */
        public void read(byte[] dst, int offset, int length) throws IOException {
            in.readFully(dst, offset, length);
        }

        public long digest() {
            return crc.getValue();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    public record Frame(int observations, int length) {
    }

    /** Staged content that cannot be published as recorded: the release must be posted again. */
    public static final class Damaged extends IOException {
        public Damaged(String message) {
            super(message);
        }
    }

    private Spool() {
    }
}
