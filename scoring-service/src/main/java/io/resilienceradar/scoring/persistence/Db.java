package io.resilienceradar.scoring.persistence;

import java.sql.SQLException;

/** JDBC helpers: the stores use plain JDBC on the transaction's connection (batch inserts of whole releases). */
public final class Db {
    /** Advisory lock keys (any two constants unique to this database). */
    public static final long APPLY_LOCK = 0x5C0_0001L;
    public static final long RELAY_LOCK = 0x5C0_0002L;
    public static final long PROFILE_RELAY_LOCK = 0x5C0_0003L;

    private Db() {
    }

    public static RuntimeException wrap(SQLException e) {
        return new IllegalStateException("database: " + e.getMessage(), e);
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    public static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw wrap(e);
        }
    }
}
