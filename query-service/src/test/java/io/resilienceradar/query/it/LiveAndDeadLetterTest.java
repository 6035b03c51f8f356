package io.resilienceradar.query.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class LiveAndDeadLetterTest {
    @TestHTTPResource("/changes/stream")
    URL stream;

    @Test
    void theSseStreamReceivesLiveTransitionsMatchingItsFilter() {
        String code = Fixtures.newTownCode();
        TownProfile after = Fixtures.profile(code, "Luton", "East of England", "Large", false, 2, Instant.now(),
                "pop/2024/1", List.of("G"), List.of());
        List<String> data = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?characteristic=G&town=" + code))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> r.body().filter(l -> l.startsWith("data:")).forEach(data::add));

        // the stream only carries what happens after it is open: publish until the first arrives
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // a non-matching change (E) first: it must never appear on this stream
            Fixtures.publish(Fixtures.change("evt-" + code + "-e" + n.get(), after, "E", Membership.NONE, Membership.FULL, "pop/2024/1"));
            Fixtures.publish(Fixtures.change("evt-" + code + "-g" + n.incrementAndGet(), after, "G", Membership.PARTIAL,
                    Membership.FULL, "pop/2024/1"));
            assertThat(data).isNotEmpty();
        });
        assertThat(response.join().statusCode()).isEqualTo(200);
        assertThat(response.join().headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(data).allSatisfy(line -> assertThat(line).contains("\"letter\":\"G\"").contains(code)
                .contains("\"transition\":\"GAINED\""));
        response.join().body().close();

        // the recent-changes list answers the same filter
        given().queryParam("characteristic", "G").queryParam("town", code).get("/changes").then().statusCode(200)
                .body("items.letter", org.hamcrest.Matchers.everyItem(equalTo("G")));
        given().queryParam("transition", "GAINED,LOST").queryParam("town", code).queryParam("characteristic", "E")
                .get("/changes").then().statusCode(200)
                .body("items.transition", org.hamcrest.Matchers.everyItem(equalTo("GAINED")))
                .body("total", org.hamcrest.Matchers.greaterThan(0));
        given().queryParam("transition", "SIDEWAYS").get("/changes").then().statusCode(400)
                .contentType("application/problem+json");
        String csv = given().queryParam("format", "csv").queryParam("town", code).get("/changes").asString();
        assertThat(csv.lines().findFirst()).get().asString().startsWith("eventId,occurredAt,townCode");
        assertThat(csv).contains(code);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndConsumptionCarriesOn() {
        String marker = "poison-" + UUID.randomUUID();
        Fixtures.send(Topics.CHARACTERISTIC_CHANGES, "E63000000", EventTypes.CHARACTERISTIC_CHANGED, marker, "{not json " + marker);
        Fixtures.send(Topics.TOWN_PROFILES, "E63000000", "io.resilienceradar.town.profile.v9", marker + "-v9",
                "{\"townCode\":\"" + marker + "\"}");
        // a record the database refuses (town name longer than its column) is dead-lettered alone
        String refused = Fixtures.newTownCode();
        Fixtures.publish(Fixtures.profile(refused, "x".repeat(300), "Wales", "Small", true, 1, Instant.now(), "r/1/1",
                List.of(), List.of()));
        // a good record after the poison ones is still materialised
        String code = Fixtures.newTownCode();
        Fixtures.publish(Fixtures.profile(code, "After Poison", "Wales", "Small", true, 1, Instant.now(), "r/1/1",
                List.of(), List.of()));

        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Fixtures.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORING_EVENTS_DLQ));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    dead.add(r.value());
                }
                assertThat(dead).anyMatch(v -> v.contains("{not json " + marker));
                assertThat(dead).anyMatch(v -> v.contains(marker + "\"}"));
                assertThat(dead).anyMatch(v -> v.contains("\"townCode\":\"" + refused + "\""));
            });
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/towns/" + code).then().statusCode(200).body("townName", equalTo("After Poison")));
        given().get("/towns/" + refused).then().statusCode(404);
    }
}
