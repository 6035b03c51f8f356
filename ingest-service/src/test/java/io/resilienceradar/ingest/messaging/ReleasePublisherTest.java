package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.persistence.Spool;
import io.resilienceradar.ingest.persistence.Stager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.resilienceradar.ingest.messaging.ReleaseTopicFixture.assertWholeRelease;
import static io.resilienceradar.ingest.messaging.ReleaseTopicFixture.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's publisher on the real local broker: a staged release goes out whole; a damaged one is never sealed. */
class ReleasePublisherTest {
    private static ReleaseTopicFixture kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void topic() throws Exception {
        kafka = ReleaseTopicFixture.create("test.publisher");
    }

    private static Stager.Result stage(Path spool) throws Exception {
        return ReleaseTopicFixture.stage(spool, null);
    }

    /** The relay's producer is not transactional: read everything on the log. */
    private static List<ConsumerRecord<String, byte[]>> records(String releaseId) {
        return kafka.records(releaseId, false);
    }

    @Test
    void aStagedReleaseGoesOutWholeAndSealedWithItsChecksum() throws Exception {
        Path spool = dir.resolve("ok.spool");
        Stager.Result staged = stage(spool);
        ReleaseMetadata md = metadata("pub-ok");
        try (ReleasePublisher publisher = new ReleasePublisher(kafka.bootstrap, kafka.topic, "lz4")) {
            ReleasePublisher.Sent sent = publisher.publish(md, spool, new ReleasePublisher.Expected(staged.checksum(),
                    staged.staged().observations(), staged.staged().batches(), staged.staged().digest()));
            assertThat(sent.batches()).isEqualTo(3);
        }
        assertWholeRelease(records(md.releaseId()), md, staged);
    }

    @Test
    void aSpoolThatDoesNotMatchItsRecordedDigestIsNeverSealed() throws Exception {
        Path spool = dir.resolve("bad.spool");
        Stager.Result staged = stage(spool);
        ReleaseMetadata md = metadata("pub-damaged");
        try (ReleasePublisher publisher = new ReleasePublisher(kafka.bootstrap, kafka.topic, "lz4")) {
            assertThatThrownBy(() -> publisher.publish(md, spool, new ReleasePublisher.Expected(staged.checksum(),
                    staged.staged().observations(), staged.staged().batches(), staged.staged().digest() ^ 1)))
                    .isInstanceOf(Spool.Damaged.class);
        }
        assertThat(records(md.releaseId())).extracting(ReleaseTopicFixture::type)
                .doesNotContain(EventTypes.RELEASE_SEALED);
    }
}
