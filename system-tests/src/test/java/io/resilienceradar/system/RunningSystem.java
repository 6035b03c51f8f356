package io.resilienceradar.system;

import io.resilienceradar.local.DevTokens;
import io.resilienceradar.local.Ports;
import io.resilienceradar.local.RadarInfra;
import io.resilienceradar.local.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three packaged services as separate processes on the real broker and database, the way production runs
 * them. Closed after the tests, and by a shutdown hook if the test JVM ends early, so nothing is left behind.
 */
final class RunningSystem implements AutoCloseable {
    final RadarInfra infra = RadarInfra.shared();
    final ServiceProcess ingest;
    final ServiceProcess scoring;
    final ServiceProcess query;
    final DevTokens tokens;
    private final Path logs;

    RunningSystem(Map<String, String> extraConfig) {
        try {
            Path root = Path.of(System.getProperty("radar.project.root", "..")).toAbsolutePath().normalize();
            logs = Files.createDirectories(root.resolve("system-tests/target/service-logs"));
            tokens = DevTokens.write(infra.keys(), Files.createTempDirectory("radar-tokens"));
            ingest = service(root, "ingest-service", "ingest", extraConfig);
            scoring = service(root, "scoring-service", "scoring", extraConfig);
            query = service(root, "query-service", "query", extraConfig);
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "system-test-stop"));
            for (ServiceProcess s : List.of(ingest, scoring, query)) {
                s.start();
            }
            for (ServiceProcess s : List.of(ingest, scoring, query)) {
                s.awaitReady(Duration.ofSeconds(120));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceProcess service(Path root, String module, String database, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(infra.serviceConfig(database));
        config.put("radar.webhooks.allowlist", "127.0.0.1,localhost");
        config.put("quarkus.log.console.json.enabled", "false");
        config.putAll(extra);
        return new ServiceProcess(module, ServiceProcess.jarOf(root, module), Ports.free(), config,
                logs.resolve(module + ".log"), ServiceProcess.jvmOptions(module));
    }

    @Override
    public void close() {
        for (ServiceProcess s : List.of(query, scoring, ingest)) {
            if (s != null) {
                s.close();
            }
        }
    }
}
