package io.resilienceradar.ingest.messaging;

import io.resilienceradar.local.LocalKafka;
import io.resilienceradar.contracts.TopicSpec;
import java.util.Map;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.persistence.Spool;
import io.resilienceradar.ingest.persistence.Stager;
import io.resilienceradar.local.RadarInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's publisher on the real local broker: a staged release goes out whole; a damaged one is never sealed. */
class ReleasePublisherTest {
    private static String bootstrap;
    private static final String TOPIC = "test.publisher." + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void topic() throws Exception {
        bootstrap = RadarInfra.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LocalKafka.createTopics(admin, List.of(new TopicSpec(TOPIC, 1, "dataset id", Map.of())));
        }
    }

    private static ReleaseMetadata metadata(String dataset) {
        return new ReleaseMetadata(dataset, "2021", 1, LocalDate.of(2024, 6, 30), "test", "observations", null, null,
                null, true, List.of(), List.of());
    }

    private static List<Observation> observations() {
        List<Observation> all = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            all.add(Observation.of("population", String.format("E630%05d", i), "2021", i * 10.5));
        }
        all.add(new Observation("population", "E63000026", "2021", null, "x", null));
        return all;
    }

    private Stager.Result stage(Path spool) throws Exception {
        try (Stager s = new Stager(spool, 10)) {
            for (Observation o : observations()) {
                s.add(o);
            }
            return s.finish();
        }
    }

    @Test
    void aStagedReleaseGoesOutWholeAndSealedWithItsChecksum() throws Exception {
        Path spool = dir.resolve("ok.spool");
        Stager.Result staged = stage(spool);
        ReleaseMetadata md = metadata("pub-ok");
        try (ReleasePublisher publisher = new ReleasePublisher(bootstrap, TOPIC, "lz4")) {
            ReleasePublisher.Sent sent = publisher.publish(md, spool, new ReleasePublisher.Expected(staged.checksum(),
                    staged.staged().observations(), staged.staged().batches(), staged.staged().digest()));
            assertThat(sent.batches()).isEqualTo(3);
        }
        List<ConsumerRecord<String, byte[]>> records = records(md.releaseId());
        assertThat(records).extracting(ReleasePublisherTest::type).containsExactly(EventTypes.RELEASE_OPENED,
                EventTypes.RELEASE_OBSERVATIONS, EventTypes.RELEASE_OBSERVATIONS, EventTypes.RELEASE_OBSERVATIONS,
                EventTypes.RELEASE_SEALED);
        List<Observation> received = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ObservationBatch b = Json.read(records.get(i).value(), ObservationBatch.class);
            assertThat(b.sequence()).isEqualTo(i - 1);
            assertThat(b.releaseId()).isEqualTo(md.releaseId());
            received.addAll(b.observations());
        }
        assertThat(received).isEqualTo(observations());
        ReleaseSealed sealed = Json.read(records.get(4).value(), ReleaseSealed.class);
        assertThat(sealed.observations()).isEqualTo(26);
        assertThat(sealed.checksum()).isEqualTo(staged.checksum());
    }

    @Test
    void aSpoolThatDoesNotMatchItsRecordedDigestIsNeverSealed() throws Exception {
        Path spool = dir.resolve("bad.spool");
        Stager.Result staged = stage(spool);
        ReleaseMetadata md = metadata("pub-damaged");
        try (ReleasePublisher publisher = new ReleasePublisher(bootstrap, TOPIC, "lz4")) {
            assertThatThrownBy(() -> publisher.publish(md, spool, new ReleasePublisher.Expected(staged.checksum(),
                    staged.staged().observations(), staged.staged().batches(), staged.staged().digest() ^ 1)))
                    .isInstanceOf(Spool.Damaged.class);
        }
        assertThat(records(md.releaseId())).extracting(ReleasePublisherTest::type)
                .doesNotContain(EventTypes.RELEASE_SEALED);
    }

    private static String type(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> records(String releaseId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (releaseId.equals(new String(r.headers().lastHeader("ce_subject").value(), StandardCharsets.UTF_8))) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }
}
