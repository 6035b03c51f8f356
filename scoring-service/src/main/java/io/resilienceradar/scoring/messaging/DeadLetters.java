package io.resilienceradar.scoring.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record that can never be applied to the dead-letter topic, key, value and headers as received plus the
 * reason (header names as SmallRye's dead-letter-queue strategy uses them). Waits for the ack, so the consumer
 * commits the offset only once the record is safe on the DLQ.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final RadarProducer producer;
    private final String topic;
    private final MeterRegistry meters;

    public DeadLetters(RadarProducer producer, @ConfigProperty(name = "radar.topics.releases-dlq") String topic,
                       MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.meters = meters;
    }

    public void send(ConsumerRecord<String, byte[]> record, PoisonRecord why) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        CloudEventHeaders.put(headers, "dead-letter-reason", why.reason());
        CloudEventHeaders.put(headers, "dead-letter-cause", String.valueOf(why.getMessage()));
        CloudEventHeaders.put(headers, "dead-letter-topic", record.topic());
        CloudEventHeaders.put(headers, "dead-letter-partition", Integer.toString(record.partition()));
        CloudEventHeaders.put(headers, "dead-letter-offset", Long.toString(record.offset()));
        try {
            producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            // not acked: fail the consumer so the record is redelivered rather than lost
            throw new IllegalStateException("could not dead-letter " + record.topic() + "-" + record.partition()
                    + "@" + record.offset(), e);
        }
        meters.counter("radar.scoring.dead.letters", "reason", why.reason()).increment();
        LOG.warnf("dead-lettered %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), why.getMessage());
    }
}
