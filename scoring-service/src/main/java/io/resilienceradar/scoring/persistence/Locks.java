package io.resilienceradar.scoring.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Transaction-scoped PostgreSQL advisory locks. Applying is serialised across all replicas (every release can move
 * the towns' means, so application is inherently sequential); one relay at a time keeps the outbox order on Kafka.
 */
public final class Locks {
    private Locks() {
    }

    /** Blocks until this transaction holds the apply lock; released at commit or rollback. */
    public static void applyLock(Connection c) {
        Db.sql(() -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + Db.APPLY_LOCK + ")");
            }
            return null;
        });
    }

    /** True when this transaction now holds the relay lock; false when another relay has it. */
    public static boolean tryRelayLock(Connection c) {
        return Db.sql(() -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT pg_try_advisory_xact_lock(" + Db.RELAY_LOCK + ")")) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }
}
