package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.local.RadarInfra;
import io.resilienceradar.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, on topics, a database and a
 * consumer group of its own run, so it never meets the in-JVM {@code @QuarkusTest} instance.
 */
final class ChildService {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final RadarInfra infra = RadarInfra.shared();
    final String run;
    final String releases;
    final String changes;

    ChildService(String prefix) {
        run = prefix + Long.toString(System.currentTimeMillis(), 36);
        releases = run + ".releases";
        changes = run + ".changes";
    }

    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(releases, 3, (short) 1), new NewTopic(changes, 6, (short) 1),
                    new NewTopic(run + ".profiles", 6, (short) 1), new NewTopic(run + ".rulebooks", 1, (short) 1),
                    new NewTopic(run + ".dlq", 1, (short) 1))).all().get();
        }
    }

    ServiceProcess start(String name, String haltAt, boolean awaitReady) throws Exception {
        return start(name, haltAt, awaitReady, Map.of());
    }

    ServiceProcess start(String name, String haltAt, boolean awaitReady, Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(infra.serviceConfig(run));
        config.put("mp.messaging.incoming.releases.topic", releases);
        config.put("mp.messaging.incoming.releases.group.id", run);
        config.put("radar.topics.characteristic-changes", changes);
        config.put("radar.topics.town-profiles", run + ".profiles");
        config.put("radar.topics.rulebooks", run + ".rulebooks");
        config.put("radar.topics.releases-dlq", run + ".dlq");
        config.put("radar.fault.halt-at", haltAt);
        config.put("radar.relay.idle-poll", "200ms");
        // a halted member must leave the group quickly so that its partitions move on
        config.put("mp.messaging.incoming.releases.session.timeout.ms", "6000");
        config.put("mp.messaging.incoming.releases.heartbeat.interval.ms", "1000");
        config.put("quarkus.log.console.json.enabled", "false");
        config.putAll(extra);
        ServiceProcess p = new ServiceProcess(name, Path.of("target/quarkus-app/quarkus-run.jar"), freePort(), config,
                Path.of("target/child-logs/" + run + "-" + name + ".log"), List.of("-Xmx384m", "-XX:+UseSerialGC"));
        p.start();
        if (awaitReady) {
            p.awaitReady(Duration.ofSeconds(120));
        }
        return p;
    }

    static String get(ServiceProcess p, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> releasesApplied(ServiceProcess p) throws Exception {
        return Json.MAPPER.readValue(get(p, "/releases"), List.class);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
