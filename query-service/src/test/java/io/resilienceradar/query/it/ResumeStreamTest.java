package io.resilienceradar.query.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that reconnects to the live stream with {@code Last-Event-ID} (as EventSource does) gets the stored
 * transitions after that one, with its filters, then the live ones: on the real broker and database. The burst also
 * carries one event twice, which is stored and streamed once.
 */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class ResumeStreamTest {
    @TestHTTPResource("/changes/stream")
    URL stream;

    @Test
    void aStreamResumedWithLastEventIdReplaysWhatFollowsThenGoesLive() {
        String code = Fixtures.newTownCode();
        TownProfile town = Fixtures.profile(code, "Resumewick", "North West", "Medium", false, 3, Instant.now(),
                "pop/2024/2", List.of("G"), List.of());
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "resume-" + code + "-g" + i;
            stored.add(id);
            Fixtures.publishAsync(Fixtures.change(id, town, "G", i % 2 == 0 ? Membership.NONE : Membership.FULL,
                    i % 2 == 0 ? Membership.FULL : Membership.NONE, "pop/2024/2"));
            // another characteristic of the same town: outside the stream's filter
            Fixtures.publishAsync(Fixtures.change("resume-" + code + "-e" + i, town, "E", Membership.NONE,
                    Membership.PARTIAL, "pop/2024/2"));
            if (i == 3) { // a redelivery inside the same batch
                Fixtures.publishAsync(Fixtures.change(id, town, "G", Membership.FULL, Membership.NONE, "pop/2024/2"));
            }
        }
        Fixtures.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(given().queryParam("town", code).queryParam("characteristic", "G").get("/changes")
                        .then().statusCode(200).extract().jsonPath().getList("items.eventId", String.class))
                        .containsExactlyInAnyOrderElementsOf(stored));

        List<String> ids = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?characteristic=G&town=" + code))
                .header("Accept", "text/event-stream").header("Last-Event-ID", stored.get(1)).build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> r.body().filter(l -> l.startsWith("id:")).forEach(l -> ids.add(l.substring(3).trim())));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ids).as("the stored transitions after Last-Event-ID, in order, once each")
                        .containsExactlyElementsOf(stored.subList(2, 6)));

        String live = "resume-" + code + "-g-live";
        Fixtures.publish(Fixtures.change("resume-" + code + "-e-live", town, "E", Membership.PARTIAL, Membership.FULL,
                "pop/2024/2"));
        Fixtures.publish(Fixtures.change(live, town, "G", Membership.NONE, Membership.FULL, "pop/2024/2"));
        List<String> expected = new ArrayList<>(stored.subList(2, 6));
        expected.add(live);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ids).as("then the live ones matching the filter").containsExactlyElementsOf(expected));
        assertThat(response.join().statusCode()).isEqualTo(200);
        response.join().body().close();

        given().header("Last-Event-ID", "no-such-event").header("Accept", "text/event-stream")
                .get("/changes/stream").then().statusCode(400).contentType("application/problem+json");
    }
}
