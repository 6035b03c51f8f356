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
import static org.awaitility.Awaitility.await;

/**
 * Publishing while parsing, on the real local broker: a committed stream is the whole sequence the relay would send;
 * an aborted one, or one a crash left open (fenced by the next instance with the same transactional id), is never
 * seen by a read_committed consumer.
 */
class ReleaseStreamerTest {
    private static String bootstrap;
    private static final String TOPIC = "test.streamer." + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void topic() throws Exception {
        bootstrap = RadarInfra.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            LocalKafka.createTopics(admin, List.of(new TopicSpec(TOPIC, 1, "dataset id", Map.of())));
        }
    }

    private static ReleaseStreamer streamer(String id) {
        return new ReleaseStreamer(bootstrap, TOPIC, "lz4", id, Duration.ofMinutes(1));
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

    /** Stages the observations with the stream as the stager's listener, as IngestService does. */
    private Stager.Result stage(Path spool, ReleaseStreamer.Stream stream) throws Exception {
        try (Stager s = new Stager(spool, 10, stream)) {
            for (Observation o : observations()) {
                s.add(o);
            }
            return s.finish();
        }
    }

    @Test
    void aCommittedStreamIsTheWholeSequenceForReadCommittedConsumers() throws Exception {
        ReleaseMetadata md = metadata("stream-ok");
        try (ReleaseStreamer streamer = streamer("test-streamer-ok")) {
            ReleaseStreamer.Stream stream = streamer.open(md);
            assertThat(stream).isNotNull();
            assertThat(streamer.open(metadata("stream-busy"))).as("one release at a time").isNull();
            Stager.Result staged = stage(dir.resolve("ok.spool"), stream);
            assertThat(stream.commit(staged.staged().batches(), staged.staged().observations(), staged.checksum())).isTrue();

            // the commit's markers reach the partition just after commitTransaction returns
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                    .until(() -> records(md.releaseId(), true), r -> r.size() == 5);
            assertThat(records).extracting(ReleaseStreamerTest::type).containsExactly(EventTypes.RELEASE_OPENED,
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
            assertThat(streamer.open(metadata("stream-next"))).as("free again after commit").isNotNull();
        }
    }

    @Test
    void anAbortedStreamIsNeverSeenByReadCommittedConsumers() throws Exception {
        ReleaseMetadata md = metadata("stream-aborted");
        try (ReleaseStreamer streamer = streamer("test-streamer-abort")) {
            ReleaseStreamer.Stream stream = streamer.open(md);
            stage(dir.resolve("aborted.spool"), stream);
            stream.flush(); // on the log, so that the read_uncommitted check below shows what the abort hides
            stream.abort();
            assertThat(records(md.releaseId(), false)).as("the records were sent").isNotEmpty();
            assertThat(records(md.releaseId(), true)).isEmpty();
        }
    }

    @Test
    void aStreamThatACrashLeftOpenIsAbortedByTheNextInstanceWithTheSameId() throws Exception {
        ReleaseMetadata crashed = metadata("stream-crashed");
        ReleaseMetadata next = metadata("stream-after-restart");
        ReleaseStreamer before = streamer("test-streamer-crash");
        try {
            ReleaseStreamer.Stream open = before.open(crashed);
            stage(dir.resolve("crashed.spool"), open);
            open.flush(); // on the log, never committed nor aborted: the process "dies" here
            try (ReleaseStreamer after = streamer("test-streamer-crash")) {
                ReleaseStreamer.Stream stream = after.open(next);
                Stager.Result staged = stage(dir.resolve("next.spool"), stream);
                assertThat(stream.commit(staged.staged().batches(), staged.staged().observations(), staged.checksum())).isTrue();
            }
            assertThat(records(crashed.releaseId(), false)).as("the records were sent").isNotEmpty();
            assertThat(records(crashed.releaseId(), true)).isEmpty();
            assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> records(next.releaseId(), true), r -> !r.isEmpty()))
                    .extracting(ReleaseStreamerTest::type).last()
                    .isEqualTo(EventTypes.RELEASE_SEALED);
        } finally {
            before.close();
        }
    }

    private static String type(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> records(String releaseId, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
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
