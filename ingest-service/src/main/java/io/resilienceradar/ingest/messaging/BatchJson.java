package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;

import java.nio.charset.StandardCharsets;

/**
 * ObservationBatch JSON written in two parts, byte for byte what {@code Json.write(ObservationBatch)} gives: the
 * {@code observations} array ({@link ObservationArray}), written while a release is staged (its id may not be known
 * yet: a JSON body can carry its metadata after the rows), and the envelope around it, added when the batch is sent.
 */
public final class BatchJson {
    /** The value as the contracts' mapper and {@code ReleaseChecksum} write it (its shortest form), or null. */
    public static String valueText(Observation o) {
        return ValueText.of(o.value());
    }

    /**
     * A record value with room for the staged array: the envelope's head is written at the start, its closing brace
     * at the end, and the array's bytes belong at {@link Envelope#arrayOffset()}.
     */
    public static Envelope envelope(String releaseId, int sequence, int arrayLength) {
        byte[] head = ("{\"schemaVersion\":" + ObservationBatch.SCHEMA_VERSION + ",\"releaseId\":"
                + new String(Json.write(releaseId), StandardCharsets.UTF_8) + ",\"sequence\":" + sequence
                + ",\"observations\":").getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[head.length + arrayLength + 1];
        System.arraycopy(head, 0, value, 0, head.length);
        value[value.length - 1] = '}';
        return new Envelope(value, head.length);
    }

    public record Envelope(byte[] value, int arrayOffset) {
    }

    private BatchJson() {
    }
}
