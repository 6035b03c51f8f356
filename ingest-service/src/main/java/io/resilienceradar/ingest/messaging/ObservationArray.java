package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One batch's {@code observations} array as JSON bytes, byte for byte what the contracts' mapper writes for it
 * (fields in record order, nulls omitted, Jackson's string escaping: {@code SpoolTest} compares them), appended into
 * one reusable buffer. Staging writes ~920 MB of it for a 10 M-row release: a generator's per-value state checks and
 * per-char string encoding were the staging thread's largest cost, so the field names are constant bytes, the
 * indicator's and period's encoded form is reused while rows repeat them, and plain ASCII text is copied as is.
 */
public final class ObservationArray {
    private static final byte[] INDICATOR = bytes("{\"indicator\":");
    private static final byte[] AREA_CODE = bytes(",\"areaCode\":");
    private static final byte[] PERIOD = bytes(",\"period\":");
    private static final byte[] VALUE = bytes(",\"value\":");
    private static final byte[] STATUS = bytes(",\"status\":");
    private static final byte[] TEXT = bytes(",\"text\":");
    private static final byte[] NULL = bytes("null");

    private byte[] buf = new byte[1 << 19];
    private int size;
    private int count;
    // rows come grouped by indicator and period: the same String instance as the previous row's, encoded once
    private String indicator;
    private byte[] indicatorJson;
    private String period;
    private byte[] periodJson;

    /** Starts a new, empty array. */
    public void reset() {
        size = 0;
        count = 0;
    }

    /** Appends one observation; {@code valueText} is {@link BatchJson#valueText} (computed once for the checksum too). */
    public void add(Observation o, String valueText) {
        ensure(128);
        buf[size++] = (byte) (count++ == 0 ? '[' : ',');
        put(INDICATOR);
        if (o.indicator() != indicator || indicatorJson == null) {
            indicator = o.indicator();
            indicatorJson = quoted(indicator);
        }
        put(indicatorJson);
        put(AREA_CODE);
        string(o.areaCode());
        put(PERIOD);
        if (o.period() != period || periodJson == null) {
            period = o.period();
            periodJson = quoted(period);
        }
        put(periodJson);
        if (valueText != null) {
            put(VALUE);
            asciiText(valueText); // digits, '.', '-', 'E': what the mapper's writeNumber(double) writes
        }
        if (o.status() != null) {
            put(STATUS);
            string(o.status());
        }
        if (o.text() != null) {
            put(TEXT);
            string(o.text());
        }
        ensure(2);
        buf[size++] = '}';
    }

    /** Closes the array: its bytes are {@code buffer()[0, size())}, valid until the next {@link #reset()}. */
    public void end() {
        ensure(2);
        if (count == 0) {
            buf[size++] = '[';
        }
        buf[size++] = ']';
    }

    public int size() {
        return size;
    }

    public byte[] buffer() {
        return buf;
    }

    /** A JSON string: plain printable ASCII copied as is, anything else through the contracts' mapper. */
    private void string(String s) {
        if (s == null) {
            put(NULL);
            return;
        }
        int n = s.length();
        ensure(n + 2);
        int start = size;
        buf[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                size = start;
                put(quoted(s));
                return;
            }
            buf[size++] = (byte) c;
        }
        buf[size++] = '"';
    }

    private void asciiText(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private static byte[] quoted(String s) {
        if (s == null) {
            return NULL;
        }
        return Json.write(s); // the generator itself: e.g. it escapes a surrogate pair, which a plain UTF-8 encoder would not
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
