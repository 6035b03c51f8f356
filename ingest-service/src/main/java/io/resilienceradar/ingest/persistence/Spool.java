package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.ingest.messaging.BatchJson;
import io.resilienceradar.ingest.messaging.ObservationArray;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The staged content of an accepted release, already in the form the relay sends: each batch's JSON
 * {@code observations} array (see {@link ObservationArray}), framed as (observation count, byte length, bytes) after a
 * format marker. Serialising while staging leaves the relay only read + send. The file is fsynced before the release
 * row commits; the row records the file's CRC32C, which the relay re-checks before it seals, so a damaged spool never
 * produces an applicable release.
 */
public final class Spool {
    /** "RRSPOOL2": a spool of this layout (the first layout held one record per observation). */
    static final long FORMAT = 0x5252_5350_4f4f_4c32L;

    /** What was staged: batches, observations and the CRC32C of the whole file. */
    public record Staged(int batches, long observations, long digest) {
    }

    /** Told of each batch as soon as it is staged, with its serialised observations array (valid during the call). */
    @FunctionalInterface
    public interface FrameListener {
        void frame(int sequence, int observations, byte[] array, int length);
    }

    public static final class Writer implements AutoCloseable {
        private final FileOutputStream file;
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
            this.listener = listener;
            Files.createDirectories(path.getParent());
            this.file = new FileOutputStream(path.toFile());
            this.out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc));
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

        /** Writes the last batch, flushes and forces the bytes to disk: the release row may only commit after this. */
        public Staged finish() throws IOException {
            if (inBatch > 0) {
                endBatch();
            }
            out.flush();
            file.getFD().sync();
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
            in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), crc));
            long format;
            try {
                format = in.readLong();
            } catch (EOFException e) {
                format = 0;
            }
            if (format != FORMAT) {
                in.close();
                throw new Damaged(path + " is not a staged release of this version");
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
