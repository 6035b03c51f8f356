package io.resilienceradar.local;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a real Kafka broker and a real PostgreSQL for {@code @QuarkusTest}s, started once per
 * test JVM. Init arg {@code database} names the service's own database (ingest, scoring, query).
 */
public class RadarInfraResource implements QuarkusTestResourceLifecycleManager {
    private String database = "radar";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(RadarInfra.shared().serviceConfig(database));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // the infrastructure lives as long as the test JVM (see RadarInfra); restarting it per test class costs seconds
    }
}
