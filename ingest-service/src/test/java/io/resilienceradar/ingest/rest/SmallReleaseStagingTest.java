package io.resilienceradar.ingest.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.resilienceradar.ingest.persistence.ReleaseEntity;
import io.resilienceradar.ingest.persistence.Stager;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.resilienceradar.ingest.TestData.publisher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A small release is staged in its release row (no spool file, one fsync: the commit's) and published from there. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class SmallReleaseStagingTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void register() {
        TestData.ensureRegister();
    }

    private static ReleaseEntity row(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ReleaseEntity r = ReleaseEntity.findById(id);
            r.staged(); // loads the lazy content inside the transaction
            return r;
        });
    }

    @Test
    void aSmallReleaseHasNoSpoolFileAndItsRowLetsGoOfTheContentOncePublished() {
        String dataset = "small-" + run;
        Response r = publisher().contentType("text/csv").body(TestData.tidy("population", "2021", 7))
                .queryParam("dataset", dataset).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);

        ReleaseEntity published = row(dataset + "/2021/1");
        assertThat(published.status).isEqualTo(ReleaseEntity.PUBLISHED);
        assertThat(published.spoolPath).as("staged in the row, not a file").isNull();
        assertThat(published.stagedContent).as("let go once on Kafka").isNull();
        assertThat(published.stagedBatches).isEqualTo(1);
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).hasSize(3);
    }

    /** What a crash between the acceptance's commit and Kafka leaves: an ACCEPTED row holding its content. */
    @Test
    void anAcceptedReleaseHeldInItsRowIsPublishedWholeByTheRelay() throws Exception {
        String dataset = "row-" + run;
        String id = dataset + "/2021/1";
        List<Observation> observations = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> Observation.of("population", String.format("E630%05d", i), "2021", i * 2.5)).toList();
        Path dir = Files.createDirectories(Path.of("target", "spool"));
        Path unused = dir.resolve("never-" + run + ".spool");
        Stager.Result staged;
        try (Stager s = new Stager(unused, 10, null, 1 << 20)) {
            for (Observation o : observations) {
                s.add(o);
            }
            staged = s.finish();
        }
        assertThat(staged.staged().isInline()).isTrue();
        assertThat(unused).doesNotExist();
        ReleaseMetadata metadata = new ReleaseMetadata(dataset, "2021", 1, LocalDate.of(2024, 6, 30), "test",
                "observations", null, null, null, true, List.of(), List.of());
        QuarkusTransaction.requiringNew().run(() -> {
            ReleaseEntity e = new ReleaseEntity();
            e.id = id;
            e.datasetId = dataset;
            e.edition = "2021";
            e.version = 1;
            e.status = ReleaseEntity.ACCEPTED;
            e.format = "TIDY_CSV";
            e.metadata = Json.writeString(metadata);
            e.checksum = staged.checksum();
            e.observations = staged.staged().observations();
            e.stagedBatches = staged.staged().batches();
            e.spoolDigest = staged.staged().digest();
            e.stagedContent = staged.staged().inline();
            e.receivedAt = OffsetDateTime.now();
            e.acceptedAt = e.receivedAt;
            e.persist();
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> ReleaseEntity.PUBLISHED.equals(row(id).status));

        List<ConsumerRecord<String, byte[]>> records = ReleaseTopic.of(id);
        assertThat(records).hasSize(1 + 3 + 1);
        List<Observation> sent = records.subList(1, 4).stream()
                .flatMap(rec -> Json.read(rec.value(), ObservationBatch.class).observations().stream()).toList();
        assertThat(sent).containsExactlyElementsOf(observations);
        ReleaseChecksum sum = new ReleaseChecksum();
        sent.forEach(sum::add);
        ReleaseSealed sealed = Json.read(records.get(4).value(), ReleaseSealed.class);
        assertThat(ReleaseTopic.header(records.get(4), "ce_type")).isEqualTo(EventTypes.RELEASE_SEALED);
        assertThat(sealed.checksum()).isEqualTo(staged.checksum()).isEqualTo(sum.hex());
        assertThat(row(id).stagedContent).isNull();
    }
}
