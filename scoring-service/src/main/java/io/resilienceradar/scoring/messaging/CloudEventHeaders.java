package io.resilienceradar.scoring.messaging;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** CloudEvents 1.0 Kafka binary mode: attributes as {@code ce_*} headers, the contract JSON as value. */
public final class CloudEventHeaders {
    private CloudEventHeaders() {
    }

    public static RecordHeaders of(String id, String source, String type, String subject, Instant time) {
        RecordHeaders h = new RecordHeaders();
        put(h, "ce_specversion", "1.0");
        put(h, "ce_id", id);
        put(h, "ce_source", source);
        put(h, "ce_type", type);
        if (subject != null) {
            put(h, "ce_subject", subject);
        }
        put(h, "ce_time", time.toString());
        put(h, "content-type", "application/json");
        return h;
    }

    static void put(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
