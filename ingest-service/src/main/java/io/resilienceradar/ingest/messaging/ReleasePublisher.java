package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseChecksum;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one release as its ordered sequence on {@link Topics#RELEASES}: ReleaseOpened, ObservationBatches, ReleaseSealed,
 * all keyed by dataset id (one partition, in order), CloudEvents binary-mode headers on every record. A plain idempotent
 * producer with acks=all: the relay needs "all records acknowledged" before it marks the release published.
 */
public final class ReleasePublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int batchSize;

    public ReleasePublisher(String bootstrap, String topic, int batchSize, String compression) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-release-relay");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.batchSize = batchSize;
    }

    public record Sent(int batches, long observations, String checksum) {
    }

    /**
     * Publishes the staged release; seals it only if what was read back matches the checksum recorded at acceptance,
     * so a damaged spool can never produce a sealed (applicable) release.
     */
    public Sent publish(ReleaseMetadata metadata, Path spool, String expectedChecksum) throws IOException {
        String id = metadata.releaseId();
        AtomicReference<Exception> failure = new AtomicReference<>();
        send(metadata.datasetId(), id, EventTypes.RELEASE_OPENED, Json.write(new ReleaseOpened(metadata)), failure);
        ReleaseChecksum checksum = new ReleaseChecksum();
        int sequence = 0;
        List<Observation> batch = new ArrayList<>(batchSize);
        try (Spool.Reader in = new Spool.Reader(spool)) {
            Observation o;
            while ((o = in.next()) != null) {
                checksum.add(o);
                batch.add(o);
                if (batch.size() == batchSize) {
                    send(metadata.datasetId(), id, EventTypes.RELEASE_OBSERVATIONS,
                            Json.write(new ObservationBatch(id, sequence++, batch)), failure);
                    batch = new ArrayList<>(batchSize);
                }
            }
        }
        if (!batch.isEmpty()) {
            send(metadata.datasetId(), id, EventTypes.RELEASE_OBSERVATIONS,
                    Json.write(new ObservationBatch(id, sequence++, batch)), failure);
        }
        long count = checksum.count();
        String hex = checksum.hex();
        if (!hex.equals(expectedChecksum)) {
            producer.flush();
            throw new IOException("staged content of " + id + " does not match its recorded checksum: not sealed");
        }
        send(metadata.datasetId(), id, EventTypes.RELEASE_SEALED, Json.write(new ReleaseSealed(id, sequence, count, hex)), failure);
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("Kafka did not acknowledge every record of " + id, failure.get());
        }
        return new Sent(sequence, count, hex);
    }

    private void send(String key, String subject, String type, byte[] value, AtomicReference<Exception> failure) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes(UUID.randomUUID().toString()));
        h.add("ce_source", bytes(EventTypes.SOURCE_INGEST));
        h.add("ce_type", bytes(type));
        h.add("ce_subject", bytes(subject));
        h.add("ce_time", bytes(OffsetDateTime.now().toString()));
        h.add("content-type", bytes("application/json"));
        producer.send(new ProducerRecord<>(topic, null, key, value, h), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
