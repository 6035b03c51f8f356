package io.resilienceradar.query.messaging;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * Stamps each record with the instant its poll returned (header {@value #HEADER}, epoch microseconds), on the
 * consumer's polling thread: with the record's Kafka timestamp and the instant the handler got the batch, it tells
 * the broker and fetch side of a webhook's latency from the time spent queued inside query-service.
 */
public class PollTimestamps implements ConsumerInterceptor<Object, Object> {
    public static final String HEADER = "radar-polled-at";

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        Instant now = Instant.now();
        byte[] micros = ByteBuffer.allocate(Long.BYTES).putLong(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000).array();
        for (ConsumerRecord<Object, Object> r : records) {
            r.headers().add(HEADER, micros);
        }
        return records;
    }

    /** The instant a record's poll returned, or null if it was not stamped. */
    public static Instant polledAt(ConsumerRecord<?, ?> record) {
        Header h = record.headers().lastHeader(HEADER);
        if (h == null || h.value().length != Long.BYTES) {
            return null;
        }
        long micros = ByteBuffer.wrap(h.value()).getLong();
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
