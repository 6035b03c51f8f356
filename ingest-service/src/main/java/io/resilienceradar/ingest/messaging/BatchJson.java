package io.resilienceradar.ingest.messaging;

import com.fasterxml.jackson.core.JsonGenerator;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * ObservationBatch JSON written in two parts, byte for byte what {@code Json.write(ObservationBatch)} gives: the
 * {@code observations} array, streamed with Jackson while a release is staged (its id may not be known yet: a JSON
 * body can carry its metadata after the rows), and the envelope around it, added when the relay sends the batch.
 */
public final class BatchJson {

    /** A Jackson generator (the contracts' settings) for one batch's observations array. */
    public static JsonGenerator startArray(OutputStream out) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
        g.writeStartArray();
        return g;
    }

    /** One observation, fields in record order and nulls omitted, as the contracts' mapper writes it. */
    public static void writeObservation(JsonGenerator g, Observation o) throws IOException {
        g.writeStartObject();
        g.writeStringField("indicator", o.indicator());
        g.writeStringField("areaCode", o.areaCode());
        g.writeStringField("period", o.period());
        if (o.value() != null) {
            g.writeNumberField("value", o.value().doubleValue());
        }
        if (o.status() != null) {
            g.writeStringField("status", o.status());
        }
        if (o.text() != null) {
            g.writeStringField("text", o.text());
        }
        g.writeEndObject();
    }

    public static void endArray(JsonGenerator g) throws IOException {
        g.writeEndArray();
        g.close();
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
