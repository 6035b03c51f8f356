package io.resilienceradar.scoring.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The service's Kafka producer for change events, rulebooks and dead letters: idempotent with {@code acks=all}, so a
 * retried send neither duplicates nor reorders within a partition. Callers wait for the broker's ack before they
 * record a record as sent. The profile relay has its own producer with the same settings ({@link #create}), so that
 * flushing a pass of change events never waits for megabytes of profiles.
 */
@ApplicationScoped
public class RadarProducer {
    private final KafkaProducer<String, byte[]> producer;

    @Inject
    public RadarProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                         @ConfigProperty(name = "quarkus.application.name") String clientId,
                         @ConfigProperty(name = "radar.relay.compression") String compression) {
        this(create(bootstrap, clientId + "-relay", compression));
    }

    /** A second producer, owned (and closed) by whoever creates it. */
    RadarProducer(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** An idempotent, {@code acks=all} producer with the relay's batching and compression. */
    static KafkaProducer<String, byte[]> create(String bootstrap, String clientId, String compression) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // radar.relay.compression: see application.properties
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                // a release's ~2.6 MB of change events in few produce requests: batches up to the broker's default
                // message.max.bytes (1 MB), requests carrying a batch for each partition
                ProducerConfig.BATCH_SIZE_CONFIG, 1000 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
