package io.resilienceradar.ingest.messaging;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
    // field names encoded once, not per observation
    private static final SerializableString INDICATOR = new SerializedString("indicator");
    private static final SerializableString AREA_CODE = new SerializedString("areaCode");
    private static final SerializableString PERIOD = new SerializedString("period");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString TEXT = new SerializedString("text");

    /** A Jackson generator (the contracts' settings) for one batch's observations array. */
    public static JsonGenerator startArray(OutputStream out) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
        g.writeStartArray();
        return g;
    }

    /** One observation, fields in record order and nulls omitted, as the contracts' mapper writes it. */
    public static void writeObservation(JsonGenerator g, Observation o) throws IOException {
        writeObservation(g, o, valueText(o));
    }

    /**
     * The same, with the value already as {@link #valueText}: the stager computes it once for both the checksum and
     * the JSON ({@code Double.toString} is among the costliest steps per observation on Java 17).
     */
    public static void writeObservation(JsonGenerator g, Observation o, String valueText) throws IOException {
        g.writeStartObject();
        g.writeFieldName(INDICATOR);
        g.writeString(o.indicator());
        g.writeFieldName(AREA_CODE);
        g.writeString(o.areaCode());
        g.writeFieldName(PERIOD);
        g.writeString(o.period());
        if (valueText != null) {
            g.writeFieldName(VALUE);
            g.writeNumber(valueText); // what writeNumber(double) writes: Double.toString, unquoted
        }
        if (o.status() != null) {
            g.writeFieldName(STATUS);
            g.writeString(o.status());
        }
        if (o.text() != null) {
            g.writeFieldName(TEXT);
            g.writeString(o.text());
        }
        g.writeEndObject();
    }

    /** The value as the contracts' mapper and {@code ReleaseChecksum} write it ({@code Double.toString}), or null. */
    public static String valueText(Observation o) {
        return o.value() == null ? null : Double.toString(o.value());
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
