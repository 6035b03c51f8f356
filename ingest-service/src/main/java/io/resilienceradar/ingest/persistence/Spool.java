package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The staged content of an accepted release: its validated observations in order, in a compact binary file that is
 * fsynced before the release row (carrying the checksum) commits. The relay re-reads it and re-checks the checksum.
 */
public final class Spool {

    public static final class Writer implements AutoCloseable {
        private final FileOutputStream file;
        private final DataOutputStream out;

        public Writer(Path path) throws IOException {
            Files.createDirectories(path.getParent());
            file = new FileOutputStream(path.toFile());
            out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16));
        }

        public void write(Observation o) throws IOException {
            out.writeUTF(o.indicator());
            out.writeUTF(o.areaCode());
            out.writeUTF(o.period());
            int flags = (o.value() != null ? 1 : 0) | (o.status() != null ? 2 : 0) | (o.text() != null ? 4 : 0);
            out.writeByte(flags);
            if (o.value() != null) {
                out.writeDouble(o.value());
            }
            if (o.status() != null) {
                out.writeUTF(o.status());
            }
            if (o.text() != null) {
                out.writeUTF(o.text());
            }
        }

        /** Flushes and forces the bytes to disk: the release row may only commit after this. */
        public void sync() throws IOException {
            out.flush();
            file.getFD().sync();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    public static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        // strings repeat heavily (few indicators and periods): reuse instances instead of allocating per row
        private String lastIndicator = "";
        private String lastPeriod = "";

        public Reader(Path path) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
        }

        /** The next observation, or null at the end. */
        public Observation next() throws IOException {
            String indicator;
            try {
                indicator = in.readUTF();
            } catch (EOFException e) {
                return null;
            }
            if (indicator.equals(lastIndicator)) {
                indicator = lastIndicator;
            } else {
                lastIndicator = indicator;
            }
            String area = in.readUTF();
            String period = in.readUTF();
            if (period.equals(lastPeriod)) {
                period = lastPeriod;
            } else {
                lastPeriod = period;
            }
            int flags = in.readByte();
            Double value = (flags & 1) != 0 ? in.readDouble() : null;
            String status = (flags & 2) != 0 ? in.readUTF() : null;
            String text = (flags & 4) != 0 ? in.readUTF() : null;
            return new Observation(indicator, area, period, value, status, text);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private Spool() {
    }
}
