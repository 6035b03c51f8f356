package io.resilienceradar.scoring.persistence;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Rows streamed into a table with {@code COPY … FROM STDIN (FORMAT binary)} through pgjdbc's CopyManager, on the
 * transaction's connection: one write per 256 KB instead of a parsed multi-row INSERT per batch, and values
 * (above all the outbox's pre-serialised JSON) go to the server as they are, with no quoting or escaping pass.
 * Format: PostgreSQL manual, COPY, "Binary Format" (header, per row a field count, per field a length and the bytes).
 */
final class BinaryCopy implements AutoCloseable {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    /** Sent to the server whenever full: small enough that it stores early rows while later ones are encoded. */
    private static final int BUFFER = 256 << 10;

    private final CopyIn copy;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);

    private BinaryCopy(CopyIn copy) {
        this.copy = copy;
        buf.put(SIGNATURE).putInt(0).putInt(0);   // flags, header extension length
    }

    static BinaryCopy into(Connection c, String table, String columns) throws SQLException {
        return new BinaryCopy(c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)"));
    }

    BinaryCopy row(int fields) throws SQLException {
        room(2);
        buf.putShort((short) fields);
        return this;
    }

    BinaryCopy int8(long v) throws SQLException {
        room(12);
        buf.putInt(8).putLong(v);
        return this;
    }

    BinaryCopy int4(int v) throws SQLException {
        room(8);
        buf.putInt(4).putInt(v);
        return this;
    }

    BinaryCopy bool(boolean v) throws SQLException {
        room(5);
        buf.putInt(1).put((byte) (v ? 1 : 0));
        return this;
    }

    BinaryCopy float8(Double v) throws SQLException {
        if (v == null) {
            return nullValue();
        }
        room(12);
        buf.putInt(8).putDouble(v);
        return this;
    }

    BinaryCopy text(String v) throws SQLException {
        return v == null ? nullValue() : bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    /** A text value already encoded as UTF-8 (the outbox's serialised events), or a bytea value. */
    BinaryCopy bytes(byte[] v) throws SQLException {
        room(4);
        buf.putInt(v.length);
        if (v.length > buf.remaining()) {
            flush();
            if (v.length > buf.remaining()) {
                copy.writeToCopy(v, 0, v.length);
                return this;
            }
        }
        buf.put(v);
        return this;
    }

    /** timestamptz: microseconds since 2000-01-01 UTC. */
    BinaryCopy timestamptz(Instant v) throws SQLException {
        room(12);
        buf.putInt(8).putLong(ChronoUnit.MICROS.between(PG_EPOCH, v));
        return this;
    }

    BinaryCopy nullValue() throws SQLException {
        room(4);
        buf.putInt(-1);
        return this;
    }

    /** Ends the COPY; returns the number of rows the server stored. */
    long finish() throws SQLException {
        room(2);
        buf.putShort((short) -1);
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();   // a failure mid-stream: the transaction rolls back anyway
        }
    }

    private void room(int bytes) throws SQLException {
        if (buf.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (buf.position() > 0) {
            copy.writeToCopy(buf.array(), 0, buf.position());
            buf.clear();
        }
    }
}
