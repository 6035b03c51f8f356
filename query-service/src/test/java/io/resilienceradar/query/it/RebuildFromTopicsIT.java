package io.resilienceradar.query.it;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.local.LocalKafka;
import io.resilienceradar.local.Ports;
import io.resilienceradar.local.RadarInfra;
import io.resilienceradar.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A new instance can rebuild everything from the topics alone": the packaged service (instance A) materialises
 * profiles (several revisions, one arriving stale) and transitions (one duplicated) from the real topics; then a
 * fresh instance B with an EMPTY database and a new consumer group (the documented rebuild procedure:
 * {@code QUERY_CONSUMER_GROUP}) reads the same topics and ends with the same latest profiles and the same history.
 */
class RebuildFromTopicsIT {
    private static final int TOWNS = 30;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String suffix = ".rebuild-" + run;
    private final String profiles = Topics.TOWN_PROFILES + suffix;
    private final String changes = Topics.CHARACTERISTIC_CHANGES + suffix;
    private final String rulebooks = Topics.RULEBOOKS + suffix;

    @Test
    void aFreshInstanceWithAnEmptyDatabaseRebuildsTheSameProfilesAndHistory() throws Exception {
        RadarInfra infra = RadarInfra.shared();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers()))) {
            LocalKafka.createTopics(admin, IsolatedQueryInfra.consumedTopics(suffix));
        }
        int expectedChanges = publish(infra);

        try (ServiceProcess a = instance(infra, "a")) {
            awaitMaterialised(a, expectedChanges);
        }
        try (ServiceProcess b = instance(infra, "b")) {
            awaitMaterialised(b, expectedChanges);
        }

        String dbA = "query_rebuild_" + run + "_a";
        String dbB = "query_rebuild_" + run + "_b";
        String latest = "SELECT town_code, revision, body::text FROM town_profile ORDER BY town_code";
        String history = "SELECT town_code, event_id, body::text FROM characteristic_change ORDER BY town_code, seq";
        String memberships = "SELECT town_code, characteristic_id, membership, criteria_met FROM town_membership "
                + "ORDER BY town_code, characteristic_id";
        String rulebook = "SELECT version, body::text FROM rulebook ORDER BY version";
        assertThat(rows(infra, dbA, latest)).hasSize(TOWNS);
        assertThat(rows(infra, dbA, history)).hasSize(expectedChanges);
        for (String query : List.of(latest, history, memberships, rulebook)) {
            assertThat(rows(infra, dbB, query)).as(query).isEqualTo(rows(infra, dbA, query));
        }
    }

    /** Publishes the run's events as scoring-service would; @return the number of distinct transitions. */
    private int publish(RadarInfra infra) throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        int distinct = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            var rb = Fixtures.rulebook("rb-rebuild-" + run, t);
            producer.send(Fixtures.record(rulebooks, "rulebook", EventTypes.RULEBOOK_PUBLISHED, null, Json.writeString(rb)));
            for (int i = 0; i < TOWNS; i++) {
                String code = String.format("E63%06d", 700000 + i);
                String name = "Rebuild " + i;
                String letter = Fixtures.LETTERS[i % 14];
                TownProfile r1 = Fixtures.profile(code, name, i % 2 == 0 ? "North West" : "Wales", "Small", i % 3 == 0,
                        1, t.plusSeconds(i), "pop/2024/1", List.of(), List.of(letter));
                TownProfile r2 = Fixtures.profile(code, name, r1.region(), "Small", i % 3 == 0, 2,
                        t.plusSeconds(3600 + i), "pop/2025/1", List.of(letter), List.of());
                send(producer, profiles, code, EventTypes.TOWN_PROFILE, Json.writeString(r1));
                send(producer, changes, code, EventTypes.CHARACTERISTIC_CHANGED, Json.writeString(
                        Fixtures.change("rebuild-" + run + "-" + code + "-1", r1, letter, Membership.NONE,
                                Membership.PARTIAL, "pop/2024/1")));
                send(producer, profiles, code, EventTypes.TOWN_PROFILE, Json.writeString(r2));
                CharacteristicChanged gained = Fixtures.change("rebuild-" + run + "-" + code + "-2", r2, letter,
                        Membership.PARTIAL, Membership.FULL, "pop/2025/1");
                send(producer, changes, code, EventTypes.CHARACTERISTIC_CHANGED, Json.writeString(gained));
                distinct += 2;
                if (i % 5 == 0) { // a redelivered transition and a stale revision arriving late: both ignored
                    send(producer, changes, code, EventTypes.CHARACTERISTIC_CHANGED, Json.writeString(gained));
                    send(producer, profiles, code, EventTypes.TOWN_PROFILE, Json.writeString(r1));
                }
            }
            producer.flush();
        }
        return distinct;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String type, String value) {
        producer.send(Fixtures.record(topic, key, type, null, value));
    }

    /** The packaged service on its own, empty database and consumer group, reading this run's topics. */
    private ServiceProcess instance(RadarInfra infra, String name) throws Exception {
        Map<String, String> config = new HashMap<>(infra.serviceConfig("query_rebuild_" + run + "_" + name));
        config.remove("smallrye.jwt.sign.key.location");
        config.put("QUERY_CONSUMER_GROUP", "query-rebuild-" + run + "-" + name); // the documented rebuild switch
        config.put("mp.messaging.incoming.town-profiles.topic", profiles);
        config.put("mp.messaging.incoming.characteristic-changes.topic", changes);
        config.put("mp.messaging.incoming.rulebooks.topic", rulebooks);
        config.put("quarkus.log.console.json.enabled", "false");
        Path root = Path.of("..").toAbsolutePath().normalize();
        ServiceProcess p = new ServiceProcess("query-service-" + name, ServiceProcess.jarOf(root, "query-service"),
                Ports.free(), config, Path.of("target/rebuild-it/query-" + name + ".log"), List.of("-Xmx384m",
                "-XX:+UseSerialGC")).start();
        p.awaitReady(Duration.ofSeconds(180));
        return p;
    }

    private static void awaitMaterialised(ServiceProcess p, int expectedChanges) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(given().baseUri(p.url()).queryParam("limit", 1).get("/towns").then().statusCode(200)
                    .extract().jsonPath().getInt("total")).isEqualTo(TOWNS);
            assertThat(given().baseUri(p.url()).queryParam("limit", 1).get("/changes").then().statusCode(200)
                    .extract().jsonPath().getInt("total")).isEqualTo(expectedChanges);
            assertThat(given().baseUri(p.url()).get("/towns?limit=1000").then().statusCode(200)
                    .extract().jsonPath().getList("items.revision", Integer.class)).containsOnly(2);
            given().baseUri(p.url()).get("/characteristics").then().statusCode(200);
        });
    }

    private static List<List<String>> rows(RadarInfra infra, String database, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(database), infra.dbUser(), infra.dbPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
