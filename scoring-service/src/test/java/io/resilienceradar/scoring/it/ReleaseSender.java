package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Produces release sequences the way ingest-service does: a plain producer, binary-mode CloudEvents. */
public final class ReleaseSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ReleaseSender(String bootstrap) {
        this(bootstrap, Topics.RELEASES);
    }

    public String topic() {
        return topic;
    }

    public ReleaseSender(String bootstrap, String topic) {
        this.topic = topic;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                // each record is sent and awaited alone: Kafka 4's default linger (5 ms) would only delay it
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    public static ReleaseMetadata metadata(String dataset, String edition, int version, String kind, boolean correction) {
        return new ReleaseMetadata(dataset, edition, version, LocalDate.of(2026, 1, 1), "test " + dataset, kind,
                "test", "Open Government Licence v3.0", null, true,
                correction ? List.of(new ReleaseMetadata.Alert(LocalDate.of(2026, 1, 2), "corrected", "correction"))
                        : List.of(), List.of());
    }

    /** What an unsealed send produced: the seal a correct producer would send. */
    public record Parts(int batches, long observations, String checksum) {
    }

    /** Sends opened, batches of {@code batchSize}, sealed (with the right counts and checksum). */
    public void send(ReleaseMetadata m, List<Observation> observations, int batchSize) {
        Parts p = sendUnsealed(m, observations, batchSize);
        sealed(m.datasetId(), new ReleaseSealed(m.releaseId(), p.batches(), p.observations(), p.checksum()));
    }

    /** Sends opened and the batches, not the seal. */
    public Parts sendUnsealed(ReleaseMetadata m, List<Observation> observations, int batchSize) {
        String id = m.releaseId();
        ReleaseChecksum checksum = new ReleaseChecksum();
        observations.forEach(checksum::add);
        List<List<Observation>> batches = new ArrayList<>();
        for (int i = 0; i < observations.size(); i += batchSize) {
            batches.add(observations.subList(i, Math.min(observations.size(), i + batchSize)));
        }
        record(m.datasetId(), EventTypes.RELEASE_OPENED, Json.write(new ReleaseOpened(m)));
        for (int i = 0; i < batches.size(); i++) {
            record(m.datasetId(), EventTypes.RELEASE_OBSERVATIONS, Json.write(new ObservationBatch(id, i, batches.get(i))));
        }
        return new Parts(batches.size(), observations.size(), checksum.hex());
    }

    public void sealed(String key, ReleaseSealed seal) {
        record(key, EventTypes.RELEASE_SEALED, Json.write(seal));
    }

    /** One record with CloudEvent headers of {@code type} (null: no ce_type). */
    public void record(String key, String type, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        h.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        h.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            h.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        }
        h.add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, h)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
