package io.resilienceradar.scoring.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.contracts.events.Transition;
import io.agroal.api.AgroalDataSource;
import io.resilienceradar.local.RadarInfraResource;
import io.resilienceradar.scoring.messaging.OutboxPruner;
import io.resilienceradar.scoring.persistence.Db;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against the real broker and database: releases in on {@code radar.releases.v1}, events out on the
 * changes, profiles and DLQ topics, read back with plain clients.
 */
@QuarkusTest
@QuarkusTestResource(value = RadarInfraResource.class, initArgs = @ResourceArg(name = "database", value = "scoring"))
class ReleaseFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource ds;

    @Inject
    OutboxPruner pruner;

    ReleaseSender sender;
    TopicReader changes;
    TopicReader profiles;

    @BeforeEach
    void clients() {
        sender = new ReleaseSender(bootstrap);
        changes = new TopicReader(bootstrap, Topics.CHARACTERISTIC_CHANGES);
        profiles = new TopicReader(bootstrap, Topics.TOWN_PROFILES);
        Scenario.ensureRegister(sender);
    }

    @AfterEach
    void close() {
        sender.close();
        changes.close();
        profiles.close();
    }

    static boolean applied(String releaseId) {
        List<String> ids = RestAssured.get("/releases").then().statusCode(200).extract().jsonPath().getList("releaseId");
        return ids.contains(releaseId);
    }

    static long timesApplied(String releaseId) {
        List<String> ids = RestAssured.get("/releases").then().statusCode(200).extract().jsonPath().getList("releaseId");
        return ids.stream().filter(releaseId::equals).count();
    }

    List<CharacteristicChanged> changesCausedBy(String releaseId) {
        return changes.poll().stream().map(r -> Json.read(r.value(), CharacteristicChanged.class))
                .filter(e -> e.causedBy().contains(releaseId)).toList();
    }

    @Test
    void releaseYieldsChangeEventsAndProfilesAndTheSameReleaseTwiceYieldsOneSet() {
        Scenario.Case gain = Scenario.gain(sender, "flow");
        ReleaseMetadata release = gain.release();
        await().atMost(WAIT).until(() -> applied(release.releaseId()));
        int expected = RestAssured.get("/releases").jsonPath()
                .getInt("find { it.releaseId == '" + release.releaseId() + "' }.changes");
        assertThat(expected).isPositive();
        await().atMost(WAIT).until(() -> changesCausedBy(release.releaseId()).size() >= expected);

        List<CharacteristicChanged> events = changesCausedBy(release.releaseId());
        assertThat(events).extracting(CharacteristicChanged::eventId).doesNotHaveDuplicates();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.townCode()).isEqualTo(gain.town());
            assertThat(e.transition()).isEqualTo(Transition.GAINED);
        });
        ConsumerRecord<String, byte[]> first = changes.poll().stream()
                .filter(r -> events.get(0).eventId().equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(first.key()).isEqualTo(events.get(0).townCode());
        assertThat(TopicReader.header(first, "ce_type")).isEqualTo(EventTypes.CHARACTERISTIC_CHANGED);
        assertThat(TopicReader.header(first, "ce_source")).isEqualTo(EventTypes.SOURCE_SCORING);

        await().atMost(WAIT).untilAsserted(() -> assertThat(profiles.poll().stream()
                .map(r -> Json.read(r.value(), TownProfile.class))
                .filter(p -> p.causedBy().contains(release.releaseId())))
                .anySatisfy(p -> {
                    assertThat(p.townCode()).isEqualTo(gain.town());
                    assertThat(p.characteristics()).isNotEmpty();
                }));

        // the same release again, then a marker release: once the marker is applied, the duplicate was handled
        Scenario.resend(sender, gain);
        ReleaseMetadata marker = Scenario.neutral(sender, "marker");
        await().atMost(WAIT).until(() -> applied(marker.releaseId()));
        assertThat(timesApplied(release.releaseId())).isEqualTo(1);
        assertThat(changesCausedBy(release.releaseId())).hasSize(expected);
    }

    @Test
    void membershipTransitionsAreRelayedBeforeChangesOfEvidenceOnly() {
        Scenario.Case gain = Scenario.gain(sender, "order");
        String id = gain.release().releaseId();
        await().atMost(WAIT).until(() -> applied(id));
        int expected = RestAssured.get("/releases").jsonPath().getInt("find { it.releaseId == '" + id + "' }.changes");
        await().atMost(WAIT).until(() -> changesCausedBy(id).size() >= expected);

        // per partition, in offset order: once the release's first change of evidence only came, only such follow
        Map<Integer, List<Transition>> byPartition = new java.util.TreeMap<>();
        changes.poll().stream()
                .sorted(java.util.Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
                        .thenComparingLong(ConsumerRecord::offset))
                .forEach(r -> {
                    CharacteristicChanged e = Json.read(r.value(), CharacteristicChanged.class);
                    if (e.causedBy().contains(id)) {
                        byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(e.transition());
                    }
                });
        assertThat(byPartition.values().stream().flatMap(List::stream))
                .contains(Transition.GAINED, Transition.EVIDENCE_CHANGED);
        byPartition.forEach((partition, transitions) -> {
            int firstEvidence = transitions.indexOf(Transition.EVIDENCE_CHANGED);
            if (firstEvidence >= 0) {
                assertThat(transitions.subList(firstEvidence, transitions.size())).as("partition %d", partition)
                        .containsOnly(Transition.EVIDENCE_CHANGED);
            }
        });
    }

    @Test
    void correctionThatReversesMembershipEmitsLost() {
        Scenario.Case gained = Scenario.gain(sender, "lost");
        await().atMost(WAIT).until(() -> applied(gained.release().releaseId()));
        ReleaseMetadata correction = Scenario.loseByCorrection(sender, gained);
        await().atMost(WAIT).until(() -> applied(correction.releaseId()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(changesCausedBy(correction.releaseId()))
                .anySatisfy(e -> {
                    assertThat(e.townCode()).isEqualTo(gained.town());
                    assertThat(e.transition()).isEqualTo(Transition.LOST);
                    assertThat(e.evidenceBefore()).isNotEqualTo(e.evidenceAfter());
                }));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextGoodReleaseIsApplied() {
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.RELEASES_DLQ)) {
            sender.record("poison-ds", EventTypes.RELEASE_SEALED, "{not json".getBytes());
            sender.record("poison-ds", "io.resilienceradar.release.sealed.v9", "{}".getBytes());
            // a complete-looking release whose seal does not match what was received
            ReleaseMetadata bad = Scenario.neutral(sender, "badseal");
            sender.sealed(bad.datasetId(), new ReleaseSealed(bad.releaseId() + "x", 1, 1, "00"));
            ReleaseMetadata good = Scenario.neutral(sender, "after-poison");
            await().atMost(WAIT).until(() -> applied(good.releaseId()));

            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, String> reasons = dlq.poll().stream().collect(Collectors.toMap(
                        r -> TopicReader.header(r, "ce_type") + "|" + r.key() + "|" + r.offset(),
                        r -> TopicReader.header(r, "dead-letter-reason"), (a, b) -> a));
                assertThat(reasons.values()).contains("undeserialisable", "unknown-type", "incomplete-release");
            });
        }
    }

    @Test
    void sealWithWrongChecksumIsDeadLetteredWithTheReason() {
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.RELEASES_DLQ)) {
            ReleaseMetadata m = ReleaseSender.metadata("checksum-ds", "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false);
            Scenario.sendWithBadChecksum(sender, m);
            ReleaseMetadata good = Scenario.neutral(sender, "after-checksum");
            await().atMost(WAIT).until(() -> applied(good.releaseId()));
            assertThat(applied(m.releaseId())).isFalse();
            await().atMost(WAIT).untilAsserted(() -> assertThat(dlq.poll())
                    .anySatisfy(r -> {
                        assertThat(TopicReader.header(r, "dead-letter-reason")).isEqualTo("checksum-mismatch");
                        assertThat(TopicReader.header(r, "dead-letter-cause")).contains(m.releaseId());
                        assertThat(r.key()).isEqualTo("checksum-ds");
                    }));
        }
    }

    @Test
    void rebuildFromTheReleaseTopicYieldsTheSameProfiles() {
        ReleaseMetadata release = Scenario.gain(sender, "rebuild").release();
        await().atMost(WAIT).until(() -> applied(release.releaseId()));
        String before = RestAssured.get("/towns").then().statusCode(200).extract().asString();
        List<String> releasesBefore = RestAssured.get("/releases").jsonPath().getList("releaseId");

        given().post("/admin/rebuild").then().statusCode(401);
        given().auth().oauth2(Jwt.upn("bob").groups("publisher").sign()).post("/admin/rebuild").then().statusCode(403);
        int applied = given().auth().oauth2(Jwt.upn("alice").groups("admin").sign()).post("/admin/rebuild")
                .then().statusCode(200).extract().jsonPath().getInt("releasesApplied");

        assertThat(applied).isGreaterThanOrEqualTo(releasesBefore.size() - countIgnored());
        assertThat(RestAssured.get("/towns").then().statusCode(200).extract().asString()).isEqualTo(before);
        assertThat(RestAssured.get("/releases").jsonPath().getList("releaseId", String.class))
                .containsExactlyInAnyOrderElementsOf(releasesBefore);
    }

    private static int countIgnored() {
        List<Boolean> ignored = RestAssured.get("/releases").jsonPath().getList("ignored");
        return (int) ignored.stream().filter(Boolean::booleanValue).count();
    }

    @Test
    void theRulebookInForceIsPublishedAtFirstStart() {
        try (TopicReader rulebooks = new TopicReader(bootstrap, Topics.RULEBOOKS)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(rulebooks.poll()).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo("rulebook");
                assertThat(TopicReader.header(r, "ce_type")).isEqualTo(EventTypes.RULEBOOK_PUBLISHED);
                RulebookPublished published = Json.read(r.value(), RulebookPublished.class);
                assertThat(published.version()).isNotBlank();
                assertThat(TopicReader.header(r, "ce_subject")).isEqualTo(published.version());
            }));
        }
    }

    @Test
    void unknownTownIsAProblem() {
        RestAssured.get("/towns/E63999999").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void sentOutboxRowsArePrunedAfterTheRetentionAndUnsentRowsNever() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // hold the relay off (its lock, session-wide) so the unsent row below stays unsent
            s.execute("SELECT pg_advisory_lock(" + Db.RELAY_LOCK + ")");
            try {
                s.execute("""
                        INSERT INTO outbox (topic, msg_key, ce_id, ce_type, ce_time, payload, created_at, sent_at) VALUES
                        ('prune.test', 'k', 'prune-sent-8d', 't', now(), '{}', now() - interval '9 days', now() - interval '8 days'),
                        ('prune.test', 'k', 'prune-sent-6d', 't', now(), '{}', now() - interval '7 days', now() - interval '6 days'),
                        ('prune.test', 'k', 'prune-unsent',  't', now(), '{}', now() - interval '30 days', NULL)""");
                assertThat(pruner.prune(Instant.now())).isGreaterThanOrEqualTo(1);   // retention 7d
                assertThat(ceIds(s)).containsExactlyInAnyOrder("prune-sent-6d", "prune-unsent");
                pruner.prune(Instant.now().plus(Duration.ofDays(365)));
                assertThat(ceIds(s)).containsExactly("prune-unsent");
            } finally {
                s.execute("DELETE FROM outbox WHERE topic = 'prune.test'");
                s.execute("SELECT pg_advisory_unlock(" + Db.RELAY_LOCK + ")");
            }
        }
    }

    private static List<String> ceIds(Statement s) throws java.sql.SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT ce_id FROM outbox WHERE topic = 'prune.test'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
