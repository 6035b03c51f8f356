package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.local.RadarInfra;
import io.resilienceradar.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 at the two dangerous points, on the packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a
 * child process with {@code radar.fault.halt-at} set, which halts the JVM ({@code Runtime.halt}: no shutdown hooks,
 * no offset commit, no outbox mark) exactly there:
 * <ol>
 *   <li>{@code after-apply-commit}: the release's transaction committed; nothing published; offset not committed.
 *       On restart the release's records are redelivered (and deduplicated by the applied log) and the outbox is
 *       relayed.</li>
 *   <li>{@code after-publish}: the relay's batch was acked by the broker but not marked sent. On restart it is sent
 *       again with the same CloudEvent ids.</li>
 * </ol>
 * What is proved: every transition of the release reaches Kafka, the release is applied once, and the set of event
 * ids is exactly the set the release caused; the only duplicates on the wire are re-sends with the same id and the
 * same payload, which consumers drop by id (query-service does).
 */
class CrashRecoveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RadarInfra infra = RadarInfra.shared();
    private final String run = "crash" + Long.toString(System.currentTimeMillis(), 36);
    private final String releases = run + ".releases";
    private final String changes = run + ".changes";
    private final String profiles = run + ".profiles";
    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void killedBetweenCommitAndPublishAndBetweenPublishAndMarkEveryTransitionArrivesOnceById() throws Exception {
        createTopics();
        // first start: publishes the rulebook, so the crash points below hit the release, not the rulebook
        service = start("none");
        service.close();

        service = start(FaultInjectionPoints.AFTER_APPLY_COMMIT);
        Scenario.Case crashed;
        try (ReleaseSender sender = new ReleaseSender(infra.bootstrapServers(), releases)) {
            Scenario.ensureRegister(sender);
            crashed = Scenario.gain(sender, "crash");
        }
        awaitHalted();
        service = start(FaultInjectionPoints.AFTER_PUBLISH, false);   // relays the committed outbox, then halts
        awaitHalted();
        service = start("none");

        String id = crashed.release().releaseId();
        int expected = await().atMost(Duration.ofSeconds(90)).until(() -> changesOf(id), n -> n != null && n > 0);
        try (TopicReader reader = new TopicReader(infra.bootstrapServers(), changes)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> byId(reader.poll(), id).size() == expected);
            Map<String, List<ConsumerRecord<String, byte[]>>> byId = byId(reader.poll(), id);
            assertThat(byId).hasSize(expected);
            // the after-publish crash re-sent the acked batch: duplicates exist, and only as the same id and payload
            assertThat(byId.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(2 * expected);
            byId.values().forEach(copies -> assertThat(copies.stream().map(r -> new String(r.value())).distinct())
                    .hasSize(1));
        }
        assertThat(appliedCount(id)).isEqualTo(1);

        // and the restarted service goes on: the next release arrives exactly once
        ReleaseMetadata next;
        try (ReleaseSender sender = new ReleaseSender(infra.bootstrapServers(), releases)) {
            next = Scenario.gain(sender, "after-crash").release();
        }
        int nextExpected = await().atMost(Duration.ofSeconds(90))
                .until(() -> changesOf(next.releaseId()), n -> n != null && n > 0);
        try (TopicReader reader = new TopicReader(infra.bootstrapServers(), changes)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> byId(reader.poll(), next.releaseId()).size() == nextExpected);
            assertThat(byId(reader.poll(), next.releaseId()).values()).allSatisfy(c -> assertThat(c).hasSize(1));
        }
    }

    private ServiceProcess start(String haltAt) throws Exception {
        return start(haltAt, true);
    }

    private ServiceProcess start(String haltAt, boolean awaitReady) throws Exception {
        Map<String, String> config = new HashMap<>(infra.serviceConfig(run));
        config.put("mp.messaging.incoming.releases.topic", releases);
        config.put("mp.messaging.incoming.releases.group.id", run);
        config.put("radar.topics.characteristic-changes", changes);
        config.put("radar.topics.town-profiles", profiles);
        config.put("radar.topics.rulebooks", run + ".rulebooks");
        config.put("radar.topics.releases-dlq", run + ".dlq");
        config.put("radar.fault.halt-at", haltAt);
        config.put("radar.relay.idle-poll", "200ms");
        // the halted member must leave the group before the restarted one gets its partitions
        config.put("mp.messaging.incoming.releases.session.timeout.ms", "6000");
        config.put("mp.messaging.incoming.releases.heartbeat.interval.ms", "1000");
        config.put("quarkus.log.console.json.enabled", "false");
        ServiceProcess p = new ServiceProcess("scoring-" + haltAt, Path.of("target/quarkus-app/quarkus-run.jar"),
                freePort(), config, Path.of("target/crash-logs/" + run + ".log"), List.of("-Xmx384m", "-XX:+UseSerialGC"));
        p.start();
        if (awaitReady) {
            p.awaitReady(Duration.ofSeconds(120));
        }
        return p;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitHalted() {
        await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive());
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(releases, 3, (short) 1), new NewTopic(changes, 6, (short) 1),
                    new NewTopic(profiles, 6, (short) 1), new NewTopic(run + ".rulebooks", 1, (short) 1),
                    new NewTopic(run + ".dlq", 1, (short) 1))).all().get();
        }
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> byId(List<ConsumerRecord<String, byte[]>> records,
                                                                          String releaseId) {
        return records.stream()
                .filter(r -> Json.read(r.value(), CharacteristicChanged.class).causedBy().contains(releaseId))
                .collect(Collectors.groupingBy(r -> TopicReader.header(r, "ce_id")));
    }

    private Integer changesOf(String releaseId) throws Exception {
        List<Map<String, Object>> list = releasesApplied();
        return list.stream().filter(m -> releaseId.equals(m.get("releaseId")))
                .map(m -> ((Number) m.get("changes")).intValue()).findFirst().orElse(null);
    }

    private long appliedCount(String releaseId) throws Exception {
        return releasesApplied().stream().filter(m -> releaseId.equals(m.get("releaseId"))).count();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> releasesApplied() throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/releases")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return Json.MAPPER.readValue(r.body(), List.class);
    }

    /** The names of the crash points (as {@code io.resilienceradar.scoring.app.FaultInjection} defines them). */
    static final class FaultInjectionPoints {
        static final String AFTER_APPLY_COMMIT = io.resilienceradar.scoring.app.FaultInjection.AFTER_APPLY_COMMIT;
        static final String AFTER_PUBLISH = io.resilienceradar.scoring.app.FaultInjection.AFTER_PUBLISH;
    }
}
