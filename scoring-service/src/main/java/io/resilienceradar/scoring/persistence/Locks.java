package io.resilienceradar.scoring.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Transaction-scoped PostgreSQL advisory locks. Applying is serialised across all replicas (every release can move
 * the towns' means, so application is inherently sequential); one relay of each kind (events, profiles) at a time keeps the outbox order on Kafka.
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

    /** True when this transaction now holds the (events) relay lock; false when another relay has it. */
    public static boolean tryRelayLock(Connection c) {
        return tryLock(c, Db.RELAY_LOCK);
    }

    /** True when this transaction now holds the profile relay lock; false when another profile relay has it. */
    public static boolean tryProfileRelayLock(Connection c) {
        return tryLock(c, Db.PROFILE_RELAY_LOCK);
    }

    private static boolean tryLock(Connection c, long key) {
        return Db.sql(() -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT pg_try_advisory_xact_lock(" + key + ")")) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }
}
