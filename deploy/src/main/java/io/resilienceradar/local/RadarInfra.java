package io.resilienceradar.local;

import io.resilienceradar.contracts.TopicSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real infrastructure of one test JVM: a Kafka broker and a PostgreSQL server started once and stopped when
 * the JVM exits. Name an external broker or database with the system properties {@code radar.kafka.bootstrap} and
 * {@code radar.db.url} (+ {@code radar.db.user}, {@code radar.db.password}) to use those instead.
 */
public final class RadarInfra {
    private static RadarInfra shared;

    private final String bootstrap;
    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final String externalDbUrl;
    private final DevKeys keys;

    private RadarInfra(String bootstrap, LocalKafka kafka, LocalPostgres postgres, String externalDbUrl, DevKeys keys) {
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.postgres = postgres;
        this.externalDbUrl = externalDbUrl;
        this.keys = keys;
    }

    /** The test JVM's infrastructure: throw-away data, free ports, stopped when the JVM exits. */
    public static synchronized RadarInfra shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory(StaleInfraDirs.PREFIX);
                StaleInfraDirs.claim(dir);
                // what killed test JVMs left behind (their shutdown hook never ran)
                StaleInfraDirs.sweep(dir.getParent(), java.time.Instant.now());
                RadarInfra infra = start(dir, 0, 0, false);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    infra.close();
                    deleteQuietly(dir);
                }, "radar-infra-stop"));
                shared = infra;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * Starts broker and database under {@code dir} (or uses the external ones named by system properties) and
     * creates every topic of the contract. Port 0 picks a free port; {@code keepData} keeps the database's data.
     */
    public static RadarInfra start(Path dir, int kafkaPort, int postgresPort, boolean keepData) throws IOException {
        String externalKafka = System.getProperty("radar.kafka.bootstrap");
        String externalDb = System.getProperty("radar.db.url");
        LocalKafka kafka = externalKafka == null ? LocalKafka.start(dir.resolve("kafka"), kafkaPort) : null;
        LocalPostgres pg = externalDb == null ? LocalPostgres.start(dir.resolve("postgres"), postgresPort, keepData) : null;
        RadarInfra infra = new RadarInfra(kafka != null ? kafka.bootstrapServers() : externalKafka, kafka, pg, externalDb,
                DevKeys.in(dir.resolve("keys")));
        infra.createTopics();
        return infra;
    }

    private void createTopics() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.<String, Object>of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LocalKafka.createTopics(admin, TopicSpec.ALL);
        }
    }

    /** Stops what this instance started (an external broker or database is left alone). */
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public DevKeys keys() {
        return keys;
    }

    /** JDBC URL of the service's own database, created if needed. */
    public String jdbcUrl(String database) {
        if (postgres == null) {
            return externalDbUrl.replace("{database}", database);
        }
        postgres.ensureDatabase(database);
        return postgres.jdbcUrl(database);
    }

    public String dbUser() {
        return postgres == null ? System.getProperty("radar.db.user", "postgres") : LocalPostgres.USER;
    }

    public String dbPassword() {
        return postgres == null ? System.getProperty("radar.db.password", "") : "postgres";
    }

    /** The configuration a service needs to talk to this infrastructure, as Quarkus property names. */
    public Map<String, String> serviceConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", dbUser());
        config.put("quarkus.datasource.password", dbPassword());
        config.put("mp.jwt.verify.publickey.location", keys.publicKey().toUri().toString());
        config.put("mp.jwt.verify.issuer", DevKeys.ISSUER);
        config.put("smallrye.jwt.sign.key.location", keys.privateKey().toUri().toString());
        config.put("smallrye.jwt.new-token.issuer", DevKeys.ISSUER);
        return config;
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }
}
