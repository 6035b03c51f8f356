package io.resilienceradar.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.resilienceradar.ingest.TestData.publisher;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class ReleaseApiTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void register() {
        TestData.ensureRegister();
    }

    private Response postRaw(String body, String dataset, int version) {
        return publisher().contentType("text/csv").body(body)
                .queryParam("dataset", dataset).queryParam("edition", "2021").queryParam("version", version)
                .post("/releases");
    }

    @Test
    void tidyCsvGoesOutAsOneOrderedSequenceWithCloudEventHeaders() {
        String dataset = "pop-" + run;
        String csv = TestData.tidy("population", "2021", 1000)
                + "E63000001,Town 1,median_age,2021,x,years,x\n"; // an ONS marking: kept as status, not an error
        Response r = RestAssured.given().auth().oauth2(TestData.token("publisher"))
                .multiPart("file", "population.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("dataset", dataset).multiPart("edition", "2021").multiPart("version", "1")
                .multiPart("releaseDate", "2024-06-30").multiPart("title", "Population of towns")
                .post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getString("status")).isEqualTo("PUBLISHED");
        assertThat(r.jsonPath().getLong("observations")).isEqualTo(11);
        String id = dataset + "/2021/1";

        List<ConsumerRecord<String, byte[]>> records = ReleaseTopic.of(id);
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        assertThat(records).allSatisfy(rec -> {
            assertThat(rec.key()).isEqualTo(dataset);
            assertThat(ReleaseTopic.header(rec, "ce_specversion")).isEqualTo("1.0");
            assertThat(ReleaseTopic.header(rec, "ce_source")).isEqualTo(EventTypes.SOURCE_INGEST);
            assertThat(ReleaseTopic.header(rec, "ce_id")).isNotBlank();
            assertThat(ReleaseTopic.header(rec, "ce_time")).isNotBlank();
        });
        assertThat(records.stream().map(rec -> rec.partition()).distinct()).hasSize(1);
        assertThat(ReleaseTopic.header(records.get(0), "ce_type")).isEqualTo(EventTypes.RELEASE_OPENED);
        ReleaseOpened opened = Json.read(records.get(0).value(), ReleaseOpened.class);
        assertThat(opened.metadata().title()).isEqualTo("Population of towns");
        assertThat(opened.metadata().releaseDate()).hasToString("2024-06-30");
        ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
        assertThat(ReleaseTopic.header(last, "ce_type")).isEqualTo(EventTypes.RELEASE_SEALED);
        ReleaseSealed sealed = Json.read(last.value(), ReleaseSealed.class);

        ReleaseChecksum sum = new ReleaseChecksum();
        List<Observation> all = records.subList(1, records.size() - 1).stream()
                .peek(rec -> assertThat(ReleaseTopic.header(rec, "ce_type")).isEqualTo(EventTypes.RELEASE_OBSERVATIONS))
                .flatMap(rec -> Json.read(rec.value(), ObservationBatch.class).observations().stream()).toList();
        all.forEach(sum::add);
        assertThat(sealed.observations()).isEqualTo(11);
        assertThat(sealed.batches()).isEqualTo(records.size() - 2);
        assertThat(sealed.checksum()).isEqualTo(sum.hex()).isEqualTo(r.jsonPath().getString("checksum"));
        assertThat(all).contains(new Observation("median_age", "E63000001", "2021", null, "x", null));
    }

    @Test
    void identicalReleaseIsANoOpAndDifferentContentForTheSameVersionIsAConflict() {
        String dataset = "idem-" + run;
        String csv = TestData.tidy("population", "2021", 5);
        assertThat(postRaw(csv, dataset, 1).statusCode()).isEqualTo(201);
        int before = ReleaseTopic.of(dataset + "/2021/1").size();

        Response again = postRaw(csv, dataset, 1);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("status")).isEqualTo("PUBLISHED");
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).hasSize(before);

        Response changed = postRaw(TestData.tidy("population", "2021", 6), dataset, 1);
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(changed.jsonPath().getString("title")).contains("different content");
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).hasSize(before);
    }

    @Test
    void aReleaseAcceptedBeforeTheValueTextChangedIsStillIdenticalWhenPostedAgain() {
        // Java 17's Double.toString writes 2.0000000000000002E23 for this double; the canonical form is now 2.0E23
        double differs = 2.0E23;
        org.junit.jupiter.api.Assumptions.assumeTrue(!Double.toString(differs).equals("2.0E23"),
                "this JDK's Double.toString is already the shortest form");
        String dataset = "legacy-" + run;
        String id = dataset + "/2021/1";
        String csv = TestData.tidy("population", "2021", differs);
        assertThat(postRaw(csv, dataset, 1).statusCode()).isEqualTo(201);
        List<ConsumerRecord<String, byte[]>> published = ReleaseTopic.of(id);
        ReleaseChecksum legacy = ReleaseChecksum.legacy();
        published.stream().filter(rec -> EventTypes.RELEASE_OBSERVATIONS.equals(ReleaseTopic.header(rec, "ce_type")))
                .flatMap(rec -> Json.read(rec.value(), ObservationBatch.class).observations().stream())
                .forEach(legacy::add);
        // as if it had been accepted before the change: the row holds the legacy form's checksum
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> io.resilienceradar.ingest.persistence
                .ReleaseEntity.update("checksum = ?1 where id = ?2", legacy.hex(), id));

        Response again = postRaw(csv, dataset, 1);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getString("checksum")).isEqualTo(legacy.hex());
        assertThat(postRaw(TestData.tidy("population", "2021", 3.0E23), dataset, 1).statusCode()).isEqualTo(409);
        assertThat(ReleaseTopic.of(id)).hasSize(published.size());
    }

    @Test
    void aVersionLowerThanTheAcceptedOneIsAConflict() {
        String dataset = "lower-" + run;
        assertThat(postRaw(TestData.tidy("population", "2021", 1), dataset, 2).statusCode()).isEqualTo(201);
        Response lower = postRaw(TestData.tidy("population", "2020", 1), dataset, 1);
        assertThat(lower.statusCode()).isEqualTo(409);
        assertThat(lower.jsonPath().getString("detail")).contains("lower than the accepted version 2");
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).isEmpty();
    }

    @Test
    void v4CsvIsAccepted() {
        String dataset = "v4-" + run;
        String v4 = "v4_1,Data Marking,calendar-years,Time,administrative-geography,Geography,population,Measure\n"
                + "1200,,2021,2021,E63000002,Town 2,population,Population\n"
                + ",*,2021,2021,E63000003,Town 3,population,Population\n";
        Response r = postRaw(v4, dataset, 1);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getString("format")).isEqualTo("V4_CSV");
        List<Observation> obs = ReleaseTopic.of(dataset + "/2021/1").stream()
                .filter(rec -> EventTypes.RELEASE_OBSERVATIONS.equals(ReleaseTopic.header(rec, "ce_type")))
                .flatMap(rec -> Json.read(rec.value(), ObservationBatch.class).observations().stream()).toList();
        assertThat(obs).containsExactly(Observation.of("population", "E63000002", "2021", 1200),
                new Observation("population", "E63000003", "2021", null, "*", null));
    }

    @Test
    void jsonWithMetadataInTheBodyIsAccepted() {
        String dataset = "json-" + run;
        String json = """
                {"metadata": {"datasetId": "%s", "edition": "2021", "version": 1, "releaseDate": "2024-01-02",
                  "alerts": [{"date": "2024-01-02", "description": "fixed Town 4", "type": "correction"}]},
                 "observations": [
                  {"indicator": "population", "areaCode": "E63000004", "period": "2021-01-01/P1Y", "value": 12.5},
                  {"indicator": "population", "areaCode": "E63000005", "period": "2021-01-01/P1Y", "value": null, "status": ".."}
                 ]}""".formatted(dataset);
        Response r = publisher().contentType("application/json").body(json).post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        ReleaseOpened opened = Json.read(ReleaseTopic.of(dataset + "/2021/1").get(0).value(), ReleaseOpened.class);
        assertThat(opened.metadata().isCorrection()).isTrue();
    }

    @Test
    void gzipBodyIsAcceptedWhateverTheHeaders() throws Exception {
        String dataset = "gz-" + run;
        Response r = publisher().contentType("application/gzip")
                .body(gzip(TestData.tidy("population", "2021", 3)))
                .queryParam("dataset", dataset).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getLong("observations")).isEqualTo(10);
    }

    @Test
    void aReleaseOverTheSizeLimitAnswers413EvenWhenItsGzipIsSmall() throws Exception {
        String big = TestData.TIDY_HEADER + "E63000001,Town 1,population,2021,1,,\n".repeat(200_000); // ~7 MB > 5 MB limit
        byte[] gz = gzip(big);
        assertThat(gz.length).isLessThan(1_000_000);
        Response r = publisher().contentType("application/gzip").body(gz)
                .queryParam("dataset", "big-" + run).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(ReleaseTopic.of("big-" + run + "/2021/1")).isEmpty();
    }

    @Test
    void csvwMetadataDeclaresIndicatorsAndRanges() {
        String dataset = "csvw-" + run;
        String csvw = """
                {"dc:title": "Share of residents aged 65+", "indicators": [{"id": "share_65_plus_%s", "minimum": 0, "maximum": 100}]}
                """.formatted(run);
        String ok = TestData.TIDY_HEADER + "E63000001,Town 1,share_65_plus_" + run + ",2021,25.5,%,\n";
        Response accepted = RestAssured.given().auth().oauth2(TestData.token("publisher"))
                .multiPart("file", "share.csv.gz", gzipQuiet(ok), "application/gzip")
                .multiPart("metadata", "share.csv-metadata.json", csvw.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("dataset", dataset).multiPart("edition", "2021").multiPart("version", "1")
                .post("/releases");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(201);
        assertThat(accepted.jsonPath().getString("metadata.title")).isEqualTo("Share of residents aged 65+");

        String outOfRange = TestData.TIDY_HEADER + "E63000001,Town 1,share_65_plus_" + run + ",2022,125,%,\n";
        Response refused = RestAssured.given().auth().oauth2(TestData.token("publisher"))
                .multiPart("file", "share.csv", outOfRange.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("metadata", "share.csv-metadata.json", csvw.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("dataset", dataset).multiPart("edition", "2021").multiPart("version", "2")
                .post("/releases");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getString("problems[0].reason")).contains("outside the declared range");
        assertThat(refused.jsonPath().getInt("problems[0].line")).isEqualTo(2);
        assertThat(refused.jsonPath().getString("problems[0].column")).isEqualTo("Observation");
    }

    @Test
    void publishingNeedsATokenWithThePublisherRole() {
        RestAssured.given().contentType("text/csv").body(TestData.tidy("population", "2021", 1))
                .queryParam("dataset", "auth-" + run).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases").then().statusCode(401);
        RestAssured.given().auth().oauth2(TestData.token("subscriber")).contentType("text/csv")
                .body(TestData.tidy("population", "2021", 1))
                .queryParam("dataset", "auth-" + run).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases").then().statusCode(403);
        assertThat(ReleaseTopic.of("auth-" + run + "/2021/1")).isEmpty();
    }

    @Test
    void statusAndVersionsOfADataset() {
        String dataset = "list-" + run;
        postRaw(TestData.tidy("population", "2021", 1), dataset, 1);
        postRaw(TestData.tidy("population", "2022", 1), dataset, 2);
        postRaw(TestData.TIDY_HEADER + "E63000001,Town 1,population,2023,abc,,\n", dataset, 3);
        RestAssured.get("/releases/" + dataset + "/2021/2").then().statusCode(200);
        Response list = RestAssured.get("/releases/" + dataset);
        assertThat(list.jsonPath().getList("editions[0].versions.version", Integer.class)).containsExactly(1, 2, 3);
        assertThat(list.jsonPath().getInt("editions[0].latestPublishedVersion")).isEqualTo(2);
        Response rejected = RestAssured.get("/releases/" + dataset + "/2021/3");
        assertThat(rejected.jsonPath().getString("status")).isEqualTo("REJECTED");
        assertThat(rejected.jsonPath().getString("validationReport.problems[0].reason")).isEqualTo("not a number");
        RestAssured.get("/releases/nope-" + run + "/2021/1").then().statusCode(404)
                .contentType("application/problem+json");
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static byte[] gzipQuiet(String s) {
        try {
            return gzip(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
