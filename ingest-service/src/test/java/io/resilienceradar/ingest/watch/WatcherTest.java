package io.resilienceradar.ingest.watch;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watcher against an ONS-shaped API served over real HTTP: nobody calls ingest, releases still reach Kafka. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
@QuarkusTestResource(value = OnsStub.class, restrictToAnnotatedClass = true)
class WatcherTest {
    private static String versions() {
        return "/v1/datasets/" + OnsStub.dataset() + "/editions/time-series/versions";
    }

    private static String v4(double town1, double town2) {
        return "v4_1,Data Marking,calendar-years,Time,administrative-geography,Geography,wellbeing-measures,Measure\n"
                + town1 + ",,2023,2023,E63000001,Town 1,wellbeing-happiness,Happiness\n"
                + town2 + ",,2023,2023,E63000002,Town 2,wellbeing-happiness,Happiness\n"
                + ",x,2023,2023,E63000003,Town 3,wellbeing-happiness,Happiness\n";
    }

    private static String item(int version, String state, String alerts) {
        return """
                {"version": %d, "state": "%s", "release_date": "2024-0%d-01T00:00:00.000Z",
                 "downloads": {"csv": {"href": "/downloads/%s-v%d.csv", "size": "200"}},
                 "alerts": %s, "latest_changes": [{"name": "Version %d", "description": "new data"}]}
                """.formatted(version, state, version, OnsStub.dataset(), version, alerts, version);
    }

    private static final List<com.github.tomakehurst.wiremock.stubbing.StubMapping> versionStubs = new java.util.ArrayList<>();

    /** Serves a new versions document (replacing the previous one, as a real API would) with its ETag. */
    private static void serveVersions(String etag, String... items) {
        versionStubs.forEach(OnsStub.client()::removeStubMapping);
        versionStubs.clear();
        versionStubs.add(OnsStub.client().register(get(urlEqualTo(versions())).atPriority(5).willReturn(okJson(
                "{\"count\": " + items.length + ", \"items\": [" + String.join(",", items) + "], \"total_count\": "
                        + items.length + "}").withHeader("ETag", etag))));
        versionStubs.add(OnsStub.client().register(get(urlEqualTo(versions())).atPriority(1)
                .withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag))));
    }

    private static List<Observation> observations(String releaseId) {
        return ReleaseTopic.of(releaseId).stream()
                .filter(r -> EventTypes.RELEASE_OBSERVATIONS.equals(ReleaseTopic.header(r, "ce_type")))
                .flatMap(r -> Json.read(r.value(), ObservationBatch.class).observations().stream()).toList();
    }

    @Test
    void newVersionsAndCorrectionsReachKafkaWithoutAnyoneCallingIngest() {
        TestData.ensureRegister();
        OnsStub.client().register(get(urlEqualTo("/downloads/" + OnsStub.dataset() + "-v1.csv"))
                .willReturn(aResponse().withBody(v4(7.1, 7.4))));
        OnsStub.client().register(get(urlEqualTo("/downloads/" + OnsStub.dataset() + "-v2.csv"))
                .willReturn(aResponse().withBody(v4(7.1, 6.9))));
        // version 2 exists but is not published yet: ignored
        serveVersions("\"e1\"", item(1, "published", "[]"), item(2, "edition-confirmed", "[]"));

        String v1 = OnsStub.dataset() + "/time-series/1";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RestAssured.get("/releases/" + v1).then().statusCode(200).extract().jsonPath().getString("status")
                        .equals("PUBLISHED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(observations(v1)).hasSize(3));
        assertThat(observations(v1)).contains(Observation.of("wellbeing-happiness", "E63000002", "2023", 7.4),
                new Observation("wellbeing-happiness", "E63000003", "2023", null, "x", null));
        // the next polls are conditional and answered 304
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> OnsStub.client().verifyThat(
                getRequestedFor(urlEqualTo(versions())).withHeader("If-None-Match", equalTo("\"e1\""))));
        assertThat(RestAssured.get("/releases/" + OnsStub.dataset() + "/time-series/2").statusCode()).isEqualTo(404);

        // a correction is published while the service runs
        serveVersions("\"e2\"", item(1, "published", "[]"), item(2, "published",
                "[{\"date\": \"2024-02-01T00:00:00.000Z\", \"description\": \"Town 2 revised\", \"type\": \"correction\"}]"));
        String v2 = OnsStub.dataset() + "/time-series/2";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(observations(v2)).hasSize(3));
        List<ConsumerRecord<String, byte[]>> records = ReleaseTopic.of(v2);
        ReleaseOpened opened = Json.read(records.get(0).value(), ReleaseOpened.class);
        assertThat(opened.metadata().isCorrection()).isTrue();
        assertThat(opened.metadata().synthetic()).as("a real feed's release is not synthetic").isFalse();
        assertThat(opened.metadata().alerts().get(0).description()).isEqualTo("Town 2 revised");
        assertThat(opened.metadata().latestChanges()).isNotEmpty();
        assertThat(observations(v2)).contains(Observation.of("wellbeing-happiness", "E63000002", "2023", 6.9));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status = RestAssured.get("/watch/feeds/ons").jsonPath();
            assertThat(status.getInt("lastVersion")).isEqualTo(2);
            assertThat(status.getString("lastError")).isNull();
            assertThat(status.getString("lastChecked")).isNotNull();
        });
        // ingested once: v1 went out as one sequence only
        assertThat(ReleaseTopic.of(v1).stream().filter(r -> EventTypes.RELEASE_SEALED.equals(
                ReleaseTopic.header(r, "ce_type")))).hasSize(1);
    }

    @Test
    void aSyntheticFeedsReleasesAreLabelledSynthetic() {
        TestData.ensureRegister();
        String demo = OnsStub.dataset() + "-demo";
        String path = "/v1/datasets/" + demo + "/editions/time-series/versions";
        OnsStub.client().register(get(urlEqualTo("/downloads/" + demo + "-v1.csv")).willReturn(aResponse().withBody(v4(5.0, 5.5))));
        // the version document does not say synthetic: the feed's configuration does
        OnsStub.client().register(get(urlEqualTo(path)).willReturn(okJson("{\"count\": 1, \"items\": [" + """
                {"version": 1, "state": "published", "release_date": "2024-01-01T00:00:00.000Z",
                 "downloads": {"csv": {"href": "/downloads/%s-v1.csv", "size": "200"}}, "alerts": [], "latest_changes": []}
                """.formatted(demo) + "], \"total_count\": 1}")));
        String v1 = demo + "/time-series/1";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(observations(v1)).hasSize(3));
        ReleaseOpened opened = Json.read(ReleaseTopic.of(v1).get(0).value(), ReleaseOpened.class);
        assertThat(opened.metadata().synthetic()).isTrue();
    }

    @Test
    void aServerErrorIsRecordedAndBackedOff() {
        OnsStub.client().register(get(urlEqualTo("/v1/datasets/broken/editions/time-series/versions"))
                .willReturn(aResponse().withStatus(500).withBody("boom")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var status = RestAssured.get("/watch/feeds/broken").jsonPath();
            assertThat(status.getString("lastError")).contains("500");
            assertThat(status.getInt("consecutiveFailures")).isGreaterThanOrEqualTo(2);
            assertThat(status.getString("lastSuccess")).isNull();
        });
        assertThat(RestAssured.get("/releases/broken").statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedVersionDocumentIsAnErrorNotARelease() {
        OnsStub.client().register(get(urlEqualTo("/v1/datasets/malformed/editions/time-series/versions"))
                .willReturn(okJson("{\"items\": [{\"version\": \"one\", \"state\": \"published\"}")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(RestAssured.get("/watch/feeds/malformed").jsonPath().getString("lastError")).contains("malformed"));
        OnsStub.client().register(get(urlEqualTo("/v1/datasets/malformed/editions/time-series/versions"))
                .willReturn(okJson("{\"items\": [{\"version\": 1, \"state\": \"published\"}]}")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(RestAssured.get("/watch/feeds/malformed").jsonPath().getString("lastError"))
                        .contains("downloads.csv.href"));
        assertThat(RestAssured.get("/releases/malformed").statusCode()).isEqualTo(404);
        assertThat(RestAssured.get("/watch/feeds").jsonPath().getList("name")).contains("ons", "broken", "malformed");
    }
}
