package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.persistence.Stager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.resilienceradar.ingest.messaging.ReleaseTopicFixture.assertWholeRelease;
import static io.resilienceradar.ingest.messaging.ReleaseTopicFixture.metadata;
import static io.resilienceradar.ingest.messaging.ReleaseTopicFixture.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishing while parsing, on the real local broker: a committed stream is the whole sequence the relay would send;
 * an aborted one, or one a crash left open (fenced by the next instance with the same transactional id), is never
 * seen by a read_committed consumer.
 */
class ReleaseStreamerTest {
    private static ReleaseTopicFixture kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void topic() throws Exception {
        kafka = ReleaseTopicFixture.create("test.streamer");
    }

    private static ReleaseStreamer streamer(String id) {
        return new ReleaseStreamer(kafka.bootstrap, kafka.topic, "lz4", id, Duration.ofMinutes(1));
    }

    private static List<ConsumerRecord<String, byte[]>> records(String releaseId, boolean committedOnly) {
        return kafka.records(releaseId, committedOnly);
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
            assertWholeRelease(records, md, staged);
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
                    .extracting(ReleaseTopicFixture::type).last()
                    .isEqualTo(EventTypes.RELEASE_SEALED);
        } finally {
            before.close();
        }
    }
}
