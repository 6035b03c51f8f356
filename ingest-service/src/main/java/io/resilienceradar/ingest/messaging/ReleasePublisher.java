package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.ingest.persistence.Spool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one release as its ordered sequence on {@link Topics#RELEASES}: ReleaseOpened, ObservationBatches, ReleaseSealed,
 * all keyed by dataset id (one partition, in order), CloudEvents binary-mode headers on every record. A plain idempotent
 * producer with acks=all: the relay needs "all records acknowledged" before it marks the release published. The
 * batches were serialised when the release was staged ({@link Spool}): publishing is read + send.
 */
public final class ReleasePublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;

    public ReleasePublisher(String bootstrap, String topic, String compression) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrap, compression, "ingest-release-relay"));
        this.topic = topic;
    }

    /** The settings every release producer shares (this relay and {@link ReleaseStreamer}): idempotent, acks=all. */
    static Properties producerConfig(String bootstrap, String compression, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    public record Sent(int batches, long observations, String checksum) {
    }

    /** What the release row recorded at acceptance: the release checksum and what the spool must hold. */
    public record Expected(String checksum, long observations, int batches, long spoolDigest) {
    }

    /**
     * Publishes the staged release; seals it only if the spool read back matches what was recorded at acceptance
     * (CRC32C, counts), so a damaged spool can never produce a sealed (applicable) release.
     *
     * @throws Spool.Damaged when it does not match (nothing is sealed; the release must be posted again)
     */
    public Sent publish(ReleaseMetadata metadata, Path spool, Expected expected) throws IOException {
        return publish(metadata, new Spool.Location(spool, null), expected);
    }

    /** {@link #publish(ReleaseMetadata, Path, Expected)} from wherever the release was staged. */
    public Sent publish(ReleaseMetadata metadata, Spool.Location staged, Expected expected) throws IOException {
        String id = metadata.releaseId();
        AtomicReference<Exception> failure = new AtomicReference<>();
        send(metadata.datasetId(), id, EventTypes.RELEASE_OPENED, Json.write(new ReleaseOpened(metadata)), failure);
        int sequence = 0;
        long count = 0;
        long digest;
        try (Spool.Reader in = staged.open()) {
            Spool.Frame f;
            while ((f = in.next()) != null) {
                BatchJson.Envelope e = BatchJson.envelope(id, sequence++, f.length());
                in.read(e.value(), e.arrayOffset(), f.length());
                count += f.observations();
                send(metadata.datasetId(), id, EventTypes.RELEASE_OBSERVATIONS, e.value(), failure);
            }
            digest = in.digest();
        } catch (Spool.Damaged e) {
            producer.flush();
            throw e;
        }
        if (digest != expected.spoolDigest() || count != expected.observations() || sequence != expected.batches()) {
            producer.flush();
            throw new Spool.Damaged("staged content of " + id + " does not match its recorded checksum: not sealed");
        }
        send(metadata.datasetId(), id, EventTypes.RELEASE_SEALED,
                Json.write(new ReleaseSealed(id, sequence, count, expected.checksum())), failure);
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("Kafka did not acknowledge every record of " + id, failure.get());
        }
        return new Sent(sequence, count, expected.checksum());
    }

    private void send(String key, String subject, String type, byte[] value, AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, null, key, value, headers(type, subject)), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** The CloudEvents binary-mode headers of every release record. */
    static RecordHeaders headers(String type, String subject) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes(UUID.randomUUID().toString()));
        h.add("ce_source", bytes(EventTypes.SOURCE_INGEST));
        h.add("ce_type", bytes(type));
        h.add("ce_subject", bytes(subject));
        h.add("ce_time", bytes(OffsetDateTime.now().toString()));
        h.add("content-type", bytes("application/json"));
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
