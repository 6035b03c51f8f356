package io.resilienceradar.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.ingest.domain.Columns;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.RawRow;

import java.io.IOException;
import java.io.Reader;

/**
 * JSON release: {@code {"metadata": {ReleaseMetadata fields}, "observations": [{...}, ...]}}, streamed element by
 * element with Jackson's streaming parser. Returns the metadata object (or null).
 */
final class JsonReleaseReader {

    static JsonNode read(Reader in, RowSink sink, Problems problems, long[] lineOut) throws IOException {
        JsonNode metadata = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add(p.currentLocation().getLineNr(), null, null, "a JSON release is an object with metadata and observations");
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("metadata".equals(field)) {
                    metadata = Json.MAPPER.readTree(p);
                } else if ("observations".equals(field) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        long line = p.currentLocation().getLineNr();
                        lineOut[0] = line;
                        JsonNode o = Json.MAPPER.readTree(p);
                        JsonNode v = o.get("value");
                        String value = v == null || v.isNull() ? null : v.asText();
                        sink.row(new RawRow(line, text(o, "indicator"), text(o, "areaCode"), text(o, "period"), value,
                                text(o, "status")), Columns.JSON);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return metadata;
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }

    private JsonReleaseReader() {
    }
}
