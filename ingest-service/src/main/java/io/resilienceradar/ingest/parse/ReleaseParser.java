package io.resilienceradar.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.ingest.domain.Problems;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Streams a release from bytes to rows: gunzips when the content is gzip (magic bytes, whatever the headers say),
 * enforces the size limit on the decompressed bytes, handles the BOM, decodes strict UTF-8, detects the format.
 */
public final class ReleaseParser {
    private static final String NOT_UTF8 = "not valid UTF-8 text (a byte sequence that is not UTF-8) on this line;"
            + " save the file as UTF-8";

    public record Parsed(Format format, long rows, JsonNode jsonMetadata) {
    }

    public static Parsed parse(InputStream raw, long maxBytes, Problems problems, RowSink sink) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream body = in;
        if (b0 == 0x1f && b1 == 0x8b) {
            body = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        body = new BufferedInputStream(new LimitedInputStream(body, maxBytes), 1 << 16);
        body.mark(4);
        int c0 = body.read();
        int c1 = body.read();
        int c2 = body.read();
        body.reset();
        if (c0 < 0) {
            problems.add(1, null, null, "empty file");
            return new Parsed(null, 0, null);
        }
        if ((c0 == 0xFE && c1 == 0xFF) || (c0 == 0xFF && c1 == 0xFE)) {
            problems.add(1, null, null, "UTF-16 byte order mark: save the file as UTF-8 (CSV UTF-8 in Excel)");
            return new Parsed(null, 0, null);
        }
        if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) {
            body.skipNBytes(3); // a UTF-8 BOM (Excel's "CSV UTF-8") is accepted and dropped
        }
        // detect the format from the first bytes (ASCII), so that decoding errors surface at their row
        body.mark(1 << 12);
        byte[] head = body.readNBytes(1 << 12);
        body.reset();
        String start = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        if (start.isEmpty()) {
            problems.add(1, null, null, "empty file");
            return new Parsed(null, 0, null);
        }
        Format format = start.startsWith("{") ? Format.JSON
                : start.regionMatches(true, 0, "v4_", 0, 3) || start.regionMatches(true, 0, "\"v4_", 0, 4) ? Format.V4_CSV
                : Format.TIDY_CSV;
        // strict UTF-8, decoded and line-counted in one pass: a malformed byte is reported on its own line
        Utf8Reader br = new Utf8Reader(body);
        long[] line = {1};
        try {
            return switch (format) {
                case JSON -> {
                    JsonNode meta = JsonReleaseReader.read(br, sink, problems, line);
                    yield new Parsed(format, line[0], meta);
                }
                case V4_CSV -> new Parsed(format, V4CsvReader.read(br, sink, problems, line), null);
                case TIDY_CSV -> new Parsed(format, TidyCsvReader.read(br, sink, problems, line), null);
            };
        } catch (TooLarge e) {
            throw e;
        } catch (Utf8Reader.Malformed e) {
            problems.add(e.line, null, null, NOT_UTF8);
        } catch (IOException | RuntimeException e) {
            if (rootCause(e) instanceof TooLarge t) {
                throw t;
            }
            if (rootCause(e) instanceof Utf8Reader.Malformed m) {
                problems.add(m.line, null, null, NOT_UTF8);
            } else {
                problems.add(line[0] + 1, null, null, "cannot be read as " + format + ": " + firstLine(e.getMessage()));
            }
        }
        return new Parsed(format, 0, null);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private ReleaseParser() {
    }
}
