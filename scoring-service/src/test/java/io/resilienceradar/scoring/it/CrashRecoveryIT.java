package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.scoring.app.FaultInjection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
class CrashRecoveryIT extends WithChildService {
    private static final Map<String, String> ONE_PASS = Map.of("radar.relay.profile-batch-size", "10000");

    CrashRecoveryIT() {
        super("crash");
    }

    @Test
    void killedBetweenCommitAndPublishAndBetweenPublishAndMarkEveryTransitionArrivesOnceById() throws Exception {
        child.createTopics();
        // first start: publishes the rulebook, so the crash points below hit the release, not the rulebook
        service = child.start("first", "none", true);
        // the register and baseline too, all relayed: the crash points below hit the release under test
        try (ReleaseSender sender = new ReleaseSender(child.infra.bootstrapServers(), child.releases)) {
            Scenario.ensureRegister(sender);
        }
        try (TopicReader reader = new TopicReader(child.infra.bootstrapServers(), child.changes)) {
            for (String setup : List.of("bua2022-towns/test/1", "test-baseline/2021/1")) {
                int n = await().atMost(Duration.ofSeconds(90)).until(() -> changesOf(setup), c -> c != null);
                await().atMost(Duration.ofSeconds(90)).until(() -> byId(reader.poll(), setup).size() == n);
            }
        }
        service.close();

        service = child.start("halt-after-commit", FaultInjection.AFTER_APPLY_COMMIT, true);
        Scenario.Case crashed;
        try (ReleaseSender sender = new ReleaseSender(child.infra.bootstrapServers(), child.releases)) {
            crashed = Scenario.gain(sender, "crash");
        }
        awaitHalted();
        // relays the committed outbox, then halts before marking it sent (so not awaiting readiness)
        // one relay pass takes every deferred profile, so the halted batch holds the release's profiles too
        service = child.start("halt-after-publish", FaultInjection.AFTER_PUBLISH, false, ONE_PASS);
        awaitHalted();
        service = child.start("clean", "none", true, ONE_PASS);

        String id = crashed.release().releaseId();
        int expected = await().atMost(Duration.ofSeconds(90)).until(() -> changesOf(id), n -> n != null && n > 0);
        try (TopicReader reader = new TopicReader(child.infra.bootstrapServers(), child.changes)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> byId(reader.poll(), id).size() == expected);
            Map<String, List<ConsumerRecord<String, byte[]>>> byId = byId(reader.poll(), id);
            assertThat(byId).hasSize(expected);
            // the after-publish crash re-sent the acked batch: duplicates exist, and only as the same id and payload
            assertThat(byId.values().stream().mapToInt(List::size).sum()).isGreaterThan(expected);
            byId.values().forEach(copies -> assertThat(copies.stream().map(r -> new String(r.value())).distinct())
                    .hasSize(1));
            assertProfilesOnce(id, byId.values().stream()
                    .map(copies -> Json.read(copies.get(0).value(), CharacteristicChanged.class))
                    .collect(Collectors.toMap(CharacteristicChanged::townCode, CharacteristicChanged::profileRevision,
                            (a, b) -> a)));
        }
        assertThat(ChildService.releasesApplied(service).stream().filter(m -> id.equals(m.get("releaseId"))))
                .hasSize(1);

        // and the restarted service goes on: the next release arrives exactly once
        ReleaseMetadata next;
        try (ReleaseSender sender = new ReleaseSender(child.infra.bootstrapServers(), child.releases)) {
            next = Scenario.gain(sender, "after-crash").release();
        }
        int nextExpected = await().atMost(Duration.ofSeconds(90))
                .until(() -> changesOf(next.releaseId()), n -> n != null && n > 0);
        try (TopicReader reader = new TopicReader(child.infra.bootstrapServers(), child.changes)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> byId(reader.poll(), next.releaseId()).size() == nextExpected);
            assertThat(byId(reader.poll(), next.releaseId()).values()).allSatisfy(c -> assertThat(c).hasSize(1));
        }
    }

    /**
     * Profiles are deferred (rendered by the relay from the engine, not stored whole in the outbox): the re-sent
     * batch was rendered again by a restarted process from the database, and must be the same bytes under the same
     * id, one profile per changed town, at the revision its change events carry.
     */
    private void assertProfilesOnce(String releaseId, Map<String, Long> revisionByTown) {
        try (TopicReader reader = new TopicReader(child.infra.bootstrapServers(), child.run + ".profiles")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> profilesById(reader.poll(), releaseId).size()
                    == revisionByTown.size());
            Map<String, List<ConsumerRecord<String, byte[]>>> byId = profilesById(reader.poll(), releaseId);
            assertThat(byId.values().stream().mapToInt(List::size).sum()).isGreaterThan(byId.size());
            byId.values().forEach(copies -> assertThat(copies.stream().map(r -> new String(r.value())).distinct())
                    .hasSize(1));
            assertThat(byId.values().stream().map(copies -> Json.read(copies.get(0).value(), TownProfile.class))
                    .collect(Collectors.toMap(TownProfile::townCode, TownProfile::revision)))
                    .isEqualTo(revisionByTown);
        }
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> profilesById(
            List<ConsumerRecord<String, byte[]>> records, String releaseId) {
        return records.stream()
                .filter(r -> Json.read(r.value(), TownProfile.class).causedBy().contains(releaseId))
                .collect(Collectors.groupingBy(r -> TopicReader.header(r, "ce_id")));
    }

    private void awaitHalted() {
        await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive());
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> byId(List<ConsumerRecord<String, byte[]>> records,
                                                                          String releaseId) {
        return records.stream()
                .filter(r -> Json.read(r.value(), CharacteristicChanged.class).causedBy().contains(releaseId))
                .collect(Collectors.groupingBy(r -> TopicReader.header(r, "ce_id")));
    }

    private Integer changesOf(String releaseId) throws Exception {
        return ChildService.releasesApplied(service).stream().filter(m -> releaseId.equals(m.get("releaseId")))
                .map(m -> ((Number) m.get("changes")).intValue()).findFirst().orElse(null);
    }
}
