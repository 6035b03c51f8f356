package io.resilienceradar.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine without Docker: PostgreSQL, a Kafka broker and the three packaged services as
 * separate processes, data kept under {@code .run/} (git-ignored) so a restart keeps it. Loads the bundled
 * releases through ingest-service, prints the URLs and runs until Ctrl-C, which stops everything.
 *
 * <p>Started by {@code deploy/run-local}; arguments: {@code <project-root> [--no-load]}.
 */
public final class LocalRun {
    static final int KAFKA_PORT = Integer.getInteger("radar.kafka.port", 9092);
    static final int POSTGRES_PORT = Integer.getInteger("radar.postgres.port", 5433);
    static final int QUERY_PORT = 8080;
    static final int INGEST_PORT = 8081;
    static final int SCORING_PORT = 8082;
    /** The local ONS-style dataset API that ingest-service watches ({@link LocalDatasetApi}; deploy/demo publishes to it). */
    static final int DATASET_API_PORT = Integer.getInteger("radar.dataset-api.port", 8099);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        boolean load = !List.of(args).contains("--no-load");
        Path dir = root.resolve(".run");
        Files.createDirectories(dir.resolve("logs"));
        refuseBusyPorts();

        long started = System.nanoTime();
        say("starting PostgreSQL and Kafka (data in " + root.relativize(dir) + "/)");
        RadarInfra infra = RadarInfra.start(dir, KAFKA_PORT, POSTGRES_PORT, true);
        LocalDatasetApi datasetApi = LocalDatasetApi.start(DATASET_API_PORT, dir.resolve("dataset-api"));
        List<ServiceProcess> services = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(services, infra);
            datasetApi.close();
        }, "local-run-stop"));

        services.add(service(root, dir, infra, "ingest-service", "ingest", INGEST_PORT));
        services.add(service(root, dir, infra, "scoring-service", "scoring", SCORING_PORT));
        services.add(service(root, dir, infra, "query-service", "query", QUERY_PORT));
        for (ServiceProcess s : services) {
            s.start();
        }
        for (ServiceProcess s : services) {
            s.awaitReady(Duration.ofSeconds(120));
            say(s.name() + " is ready at " + s.url());
        }
        DevTokens tokens = DevTokens.write(infra.keys(), dir.resolve("tokens"));
        say(String.format("all healthy in %.1f s", (System.nanoTime() - started) / 1e9));
        if (load) {
            BundledReleases.publishAll(services.get(0).url(), tokens.publisher(), LocalRun::say);
        }
        printUrls(root, dir);
        Thread.currentThread().join(); // until Ctrl-C; the shutdown hook stops everything
    }

    private static ServiceProcess service(Path root, Path dir, RadarInfra infra, String module, String db, int port) {
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig(db));
        config.remove("smallrye.jwt.sign.key.location"); // services only verify; the private key stays with the launcher
        config.put("radar.webhooks.allowlist", "127.0.0.1,localhost,::1");
        if ("ingest".equals(db)) { // the watcher polls the local dataset API (feed "demo")
            config.putAll(LocalDatasetApi.feedConfig("http://127.0.0.1:" + DATASET_API_PORT));
        }
        return new ServiceProcess(module, ServiceProcess.jarOf(root, module), port, config,
                dir.resolve("logs").resolve(module + ".log"), ServiceProcess.jvmOptions(module));
    }

    private static void refuseBusyPorts() {
        for (int port : new int[] {KAFKA_PORT, POSTGRES_PORT, QUERY_PORT, INGEST_PORT, SCORING_PORT, DATASET_API_PORT}) {
            if (Ports.inUse(port)) {
                System.err.println("port " + port + " on 127.0.0.1 is in use: is another run still up?");
                System.exit(2);
            }
        }
    }

    private static void stopAll(List<ServiceProcess> services, RadarInfra infra) {
        say("stopping...");
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        infra.close();
        say("stopped: no process left behind");
    }

    private static void printUrls(Path root, Path dir) {
        say("""
                Resilience Radar is up.
                  Query API        http://localhost:%d/towns
                  OpenAPI UI       http://localhost:%d/q/swagger-ui   (ingest :%d, scoring :%d)
                  Health           http://localhost:%d/q/health   (each service: /q/health/ready)
                  Metrics          http://localhost:%d/q/metrics
                  Ingest API       http://localhost:%d/releases
                  Dev tokens       %s/tokens/{publisher,subscriber,admin}.jwt
                  Logs             %s/logs/
                  Demo             deploy/demo   (dataset API http://127.0.0.1:%d, watched by ingest)
                Ctrl-C stops everything.""".formatted(QUERY_PORT, QUERY_PORT, INGEST_PORT, SCORING_PORT, QUERY_PORT,
                QUERY_PORT, INGEST_PORT, root.relativize(dir), root.relativize(dir), DATASET_API_PORT));
    }

    static void say(String line) {
        System.out.println("[radar] " + line);
    }

    private LocalRun() {
    }
}
