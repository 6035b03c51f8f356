package io.resilienceradar.query.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Acceptance: transitions on the real broker → signed Standard Webhooks POSTs to a real HTTP receiver. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class WebhookAcceptanceTest {
    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private static JsonPath subscribe(String user, String path, Map<String, Object> filter) {
        return Api.as(user).contentType("application/json")
                .body(Map.of("callbackUrl", url(path), "description", "test", "filter", filter))
                .post("/subscriptions").then().statusCode(201).extract().jsonPath();
    }

    private static TownProfile townGainingG(String code) {
        return Fixtures.profile(code, "Salford", "North West", "Large", false, 2, Instant.now(), "pop/2024/1",
                List.of("G"), List.of());
    }

    @Test
    void gainingRapidChangeSendsExactlyOneSignedWebhookToTheMatchingSubscriberOnly() throws Exception {
        String code = Fixtures.newTownCode();
        receiver.stubFor(post(urlEqualTo("/alice")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo("/bob")).willReturn(aResponse().withStatus(204)));
        JsonPath alice = subscribe("alice", "/alice", Map.of("characteristics", List.of("G"),
                "transitions", List.of("GAINED"), "towns", List.of(code)));
        JsonPath bob = subscribe("bob", "/bob", Map.of("characteristics", List.of("E"), "towns", List.of(code)));
        String secret = alice.getString("secret");
        assertThat(secret).startsWith("whsec_");

        TownProfile after = townGainingG(code);
        Fixtures.publish(after);
        CharacteristicChanged gained = Fixtures.change("evt-" + code + "-g", after, "G", Membership.PARTIAL,
                Membership.FULL, "pop/2024/1");
        Fixtures.publish(gained);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/alice")))).hasSize(1));
        LoggedRequest request = receiver.findAll(postRequestedFor(urlEqualTo("/alice"))).get(0);
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String body = request.getBodyAsString();
        assertThat(request.getHeader("webhook-signature")).isEqualTo(standardWebhooksSignature(secret, id, timestamp, body));
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
        JsonPath payload = new JsonPath(body);
        assertThat(payload.getString("type")).isEqualTo("characteristic.changed");
        assertThat(payload.getString("data.eventId")).isEqualTo(gained.eventId());
        assertThat(payload.getString("data.letter")).isEqualTo("G");
        assertThat(payload.getString("data.transition")).isEqualTo("GAINED");

        // bob's filter does not match: the outbox holds nothing for him
        Api.as("bob").get("/subscriptions/" + bob.getString("id") + "/deliveries").then().statusCode(200)
                .body("total", equalTo(0));
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/bob")))).isEmpty();

        // the delivery log shows one delivered attempt with its status and latency
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Api.as("alice").get("/subscriptions/" + alice.getString("id") + "/deliveries").then()
                        .body("items[0].status", equalTo("DELIVERED")));
        JsonPath log = Api.as("alice").get("/subscriptions/" + alice.getString("id") + "/deliveries").jsonPath();
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getString("items[0].webhookId")).isEqualTo(id);
        assertThat(log.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(log.getInt("items[0].log[0].statusCode")).isEqualTo(204);
        assertThat(log.getLong("items[0].log[0].latencyMs")).isGreaterThanOrEqualTo(0);

        // the same event again, then another change of the town (same partition, so read after it): still one
        Fixtures.publish(gained);
        Fixtures.publish(Fixtures.change("evt-" + code + "-a", after, "A", Membership.NONE, Membership.PARTIAL, "pop/2024/1"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/towns/" + code + "/history").then().body("total", equalTo(2)));
        Api.as("alice").get("/subscriptions/" + alice.getString("id") + "/deliveries").then().body("total", equalTo(1));
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/alice")))).hasSize(1);
    }

    @Test
    void aSubscriptionGetsOnlyTheTransitionsThatOccurredAfterItWasCreated() {
        String code = Fixtures.newTownCode();
        String path = "/erin-" + code;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        JsonPath erin = subscribe("erin", path, Map.of("towns", List.of(code)));
        // published after the subscription, but it occurred an hour before it (e.g. read again in a rebuild)
        TownProfile earlier = Fixtures.profile(code, "Salford", "North West", "Large", false, 1,
                Instant.now().minus(Duration.ofHours(1)), "pop/2023/1", List.of(), List.of("G"));
        Fixtures.publish(Fixtures.change("evt-" + code + "-old", earlier, "G", Membership.NONE, Membership.PARTIAL, "pop/2023/1"));
        TownProfile later = townGainingG(code);
        Fixtures.publish(Fixtures.change("evt-" + code + "-new", later, "G", Membership.PARTIAL, Membership.FULL, "pop/2024/1"));

        // the later one is read after the earlier (same town, same partition), so once it is delivered both were seen
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(1));
        assertThat(new JsonPath(receiver.findAll(postRequestedFor(urlEqualTo(path))).get(0).getBodyAsString())
                .getString("data.eventId")).isEqualTo("evt-" + code + "-new");
        Api.as("erin").get("/subscriptions/" + erin.getString("id") + "/deliveries").then().body("total", equalTo(1));
        // both are in the read model all the same
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/towns/" + code + "/history").then().body("total", equalTo(2)));
    }

    @Test
    void aReceiverThatIsDownIsRetriedWithBackoffUntilItAnswersThenDeliveredOnce() {
        String code = Fixtures.newTownCode();
        String path = "/carol-" + code;
        // down twice (connection reset), then up
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("down again"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("down again")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        JsonPath carol = subscribe("carol", path, Map.of("characteristics", List.of("rapid-change", "G"),
                "towns", List.of(code)));

        TownProfile after = townGainingG(code);
        Fixtures.publish(Fixtures.change("evt-" + code + "-g", after, "G", Membership.PARTIAL, Membership.FULL, "pop/2024/1"));

        String deliveries = "/subscriptions/" + carol.getString("id") + "/deliveries";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                Api.as("carol").get(deliveries).then().body("items[0].status", equalTo("DELIVERED")));
        JsonPath log = Api.as("carol").get(deliveries).jsonPath();
        assertThat(log.getInt("items[0].attempts")).isEqualTo(3);
        assertThat(log.getList("items[0].log.statusCode")).containsExactly(null, null, 200);
        assertThat(log.getString("items[0].log[0].error")).isNotBlank();
        Instant first = Instant.parse(log.getString("items[0].log[0].attemptedAt"));
        Instant second = Instant.parse(log.getString("items[0].log[1].attemptedAt"));
        Instant third = Instant.parse(log.getString("items[0].log[2].attemptedAt"));
        // backoff (0.2 s base in tests, doubling): no retry comes earlier than its delay
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.getHeader("webhook-id")).containsOnly(log.getString("items[0].webhookId"));
    }

    @Test
    void aReceiverAnswering410GoneDisablesTheSubscription() {
        String code = Fixtures.newTownCode();
        String path = "/dave-" + code;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
        JsonPath dave = subscribe("dave", path, Map.of("towns", List.of(code)));
        Fixtures.publish(Fixtures.change("evt-" + code + "-g", townGainingG(code), "G", Membership.PARTIAL,
                Membership.FULL, "pop/2024/1"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                Api.as("dave").get("/subscriptions/" + dave.getString("id")).then()
                        .body("status", equalTo("DISABLED"))
                        .body("disabledReason", org.hamcrest.Matchers.containsString("410")));
        Api.as("dave").get("/subscriptions/" + dave.getString("id") + "/deliveries").then()
                .body("items[0].status", equalTo("FAILED")).body("items[0].lastStatusCode", equalTo(410));
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(1);
    }

    /** The Standard Webhooks verification algorithm, written from the spec independently of the service's signer. */
    static String standardWebhooksSignature(String secret, String id, String timestamp, String body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
