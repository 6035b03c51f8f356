package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.TopicSpec;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.persistence.Spool;
import io.resilienceradar.ingest.persistence.Stager;
import io.resilienceradar.local.LocalKafka;
import io.resilienceradar.local.RadarInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-partition release topic on the shared local broker, the release both publishing paths send, and a reader. */
final class ReleaseTopicFixture {
    final String bootstrap;
    final String topic;

    private ReleaseTopicFixture(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    static ReleaseTopicFixture create(String prefix) throws Exception {
        String bootstrap = RadarInfra.shared().bootstrapServers();
        String topic = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LocalKafka.createTopics(admin, List.of(new TopicSpec(topic, 1, "dataset id", Map.of())));
        }
        return new ReleaseTopicFixture(bootstrap, topic);
    }

    static ReleaseMetadata metadata(String dataset) {
        return new ReleaseMetadata(dataset, "2021", 1, LocalDate.of(2024, 6, 30), "test", "observations", null, null,
                null, true, List.of(), List.of());
    }

    /** 26 observations, one of them suppressed ("x"): three batches of 10. */
    static List<Observation> observations() {
        List<Observation> all = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            all.add(Observation.of("population", String.format("E630%05d", i), "2021", i * 10.5));
        }
        all.add(new Observation("population", "E63000026", "2021", null, "x", null));
        return all;
    }

    /** Stages {@link #observations()} in batches of 10, with an optional frame listener (a stream), as IngestService does. */
    static Stager.Result stage(Path spool, Spool.FrameListener listener) throws Exception {
        try (Stager s = new Stager(spool, 10, listener)) {
            for (Observation o : observations()) {
                s.add(o);
            }
            return s.finish();
        }
    }

    static String type(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    /** Asserts the records are the staged release whole: opened, its three batches in order, sealed with its checksum. */
    static void assertWholeRelease(List<ConsumerRecord<String, byte[]>> records, ReleaseMetadata md, Stager.Result staged) {
        assertThat(records).extracting(ReleaseTopicFixture::type).containsExactly(EventTypes.RELEASE_OPENED,
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

    /** Every record of one release on the topic, as a read_committed or a read_uncommitted consumer sees them. */
    List<ConsumerRecord<String, byte[]>> records(String releaseId, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
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
