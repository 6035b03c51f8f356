package io.resilienceradar.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The releases bundled in the contracts module (tidy CSV gz + index.json) are accepted as they are. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class BundledReleasesTest {

    @Test
    void everyBundledReleaseIsAcceptedAndPublished() throws Exception {
        JsonNode index;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("releases/index.json")) {
            assumeTrue(in != null, "no bundled releases in this build of contracts");
            index = Json.MAPPER.readTree(in);
        }
        for (JsonNode e : index.path("releases")) {
            byte[] file;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("releases/" + e.path("file").asText())) {
                assertThat(in).as(e.path("file").asText()).isNotNull();
                file = in.readAllBytes();
            }
            var req = TestData.publisher().contentType("application/gzip").body(file);
            for (String f : new String[]{"kind", "releaseDate", "title", "source", "licence", "sourceUrl", "synthetic"}) {
                if (e.hasNonNull(f)) {
                    req = req.queryParam(f, e.get(f).asText());
                }
            }
            Response r = req.queryParam("dataset", e.path("datasetId").asText())
                    .queryParam("edition", e.path("edition").asText()).queryParam("version", e.path("version").asText())
                    .post("/releases");
            assertThat(r.statusCode()).as(r.asString()).isIn(200, 201, 202);
            String id = r.jsonPath().getString("id");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                    ReleaseTopic.of(id).stream().filter(rec -> EventTypes.RELEASE_SEALED.equals(ReleaseTopic.header(rec, "ce_type")))
                            .map(rec -> Json.read(rec.value(), ReleaseSealed.class).observations()).findFirst())
                    .contains(r.jsonPath().getLong("observations")));
        }
    }
}
