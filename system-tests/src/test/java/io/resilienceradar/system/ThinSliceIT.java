package io.resilienceradar.system;

import io.resilienceradar.local.BundledReleases;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thin end-to-end slice, over real processes: the bundled releases posted to ingest-service over HTTP reach
 * scoring-service over Kafka, its events reach query-service over Kafka, and the profiles are readable over HTTP.
 */
class ThinSliceIT {
    private static RunningSystem system;

    @BeforeAll
    static void startSystem() {
        system = new RunningSystem(Map.of());
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void bundledReleasesPublishedAtIngestBecomeProfilesReadableAtQuery() throws Exception {
        List<String> published = new ArrayList<>();
        BundledReleases.publishAll(system.ingest.url(), system.tokens.publisher(), published::add);
        assertThat(published).as("ingest accepted every bundled release").isNotEmpty();

        // Berwick-upon-Tweed: a Small 2022 built-up area, so in the default universe
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath town = given().baseUri(system.query.url()).get("/towns/E63007092")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(town.getString("townName")).isEqualTo("Berwick-upon-Tweed");
            assertThat(town.getList("characteristics")).hasSize(14);
        });

        // every Small town of the register arrives (profiles materialise town by town): 921 in the bundled register
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath towns = given().baseUri(system.query.url()).queryParam("size", "Small").get("/towns")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(towns.getInt("total")).as("Small towns of England and Wales in the register").isEqualTo(921);
        });
    }

    @Test
    void publishingNeedsAPublisherToken() {
        RestAssured.given().baseUri(system.ingest.url()).contentType("text/csv").body("AREACD\n")
                .post("/releases").then().statusCode(401);
    }
}
