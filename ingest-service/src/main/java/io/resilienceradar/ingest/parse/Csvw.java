package io.resilienceradar.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.ingest.domain.Range;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a CSV-W metadata document ({@code <name>.csv-metadata.json}) that ingest uses: title, licence,
 * issued date, source, and the indicators it declares with their ranges. Indicators are read from
 * {@code indicators: [{id, label, unit, minimum, maximum}]} (Explore Local Statistics style) and from
 * {@code tableSchema.columns[].datatype.minimum/maximum} keyed by the column's {@code name}.
 */
public record Csvw(String title, String licence, String issued, String source, Map<String, Range> indicators) {
    public static final Csvw NONE = new Csvw(null, null, null, null, Map.of());

    public static Csvw of(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            return NONE;
        }
        Map<String, Range> declared = new LinkedHashMap<>();
        for (JsonNode i : doc.path("indicators")) {
            String id = i.isTextual() ? i.asText() : i.path("id").asText(null);
            if (id != null) {
                declared.put(id, range(i));
            }
        }
        for (JsonNode c : doc.path("tableSchema").path("columns")) {
            if (c.hasNonNull("name") && (c.path("datatype").has("minimum") || c.path("datatype").has("maximum"))) {
                declared.put(c.get("name").asText(), range(c.path("datatype")));
            }
        }
        return new Csvw(first(doc, "dc:title", "title"), first(doc, "dc:license", "license"),
                first(doc, "dc:issued", "issued"), first(doc, "dc:source", "source"), declared);
    }

    private static Range range(JsonNode n) {
        return new Range(n.hasNonNull("minimum") ? n.get("minimum").asDouble() : null,
                n.hasNonNull("maximum") ? n.get("maximum").asDouble() : null);
    }

    private static String first(JsonNode doc, String a, String b) {
        JsonNode n = doc.hasNonNull(a) ? doc.get(a) : doc.get(b);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isObject() ? n.path("@id").asText(n.toString()) : n.asText();
    }
}
