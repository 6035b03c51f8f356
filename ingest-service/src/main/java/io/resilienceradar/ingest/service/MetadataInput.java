package io.resilienceradar.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.parse.Csvw;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Release metadata as the caller gave it (query parameters, form fields or the watcher's version document), all
 * optional text. Merged, field by field, over the JSON body's {@code metadata} and the CSV-W metadata.
 */
public record MetadataInput(String dataset, String edition, String version, String releaseDate, String title, String kind,
                            String source, String licence, String sourceUrl, String synthetic, String correction,
                            List<ReleaseMetadata.Alert> alerts, List<ReleaseMetadata.LatestChange> latestChanges) {
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> KINDS = Set.of(ReleaseMetadata.KIND_OBSERVATIONS, ReleaseMetadata.KIND_REGISTER,
            ReleaseMetadata.KIND_LOOKUP);

    /** Builds the metadata, adding a problem (line 0, column = field) for each missing or malformed field. */
    public ReleaseMetadata resolve(JsonNode body, Csvw csvw, Problems problems) {
        JsonNode b = body == null ? Json.MAPPER.createObjectNode() : body;
        String ds = pick(dataset, b, "datasetId", null);
        String ed = pick(edition, b, "edition", null);
        String ver = pick(version, b, "version", null);
        String date = pick(releaseDate, b, "releaseDate", csvw.issued());
        String k = pick(kind, b, "kind", ReleaseMetadata.KIND_OBSERVATIONS);
        if (ds == null || !SLUG.matcher(ds).matches()) {
            problems.add(0, "dataset", ds, "dataset id is required: letters, digits, '.', '_' or '-'");
        }
        if (ed == null || !SLUG.matcher(ed).matches()) {
            problems.add(0, "edition", ed, "edition is required: letters, digits, '.', '_' or '-'");
        }
        int v = 0;
        try {
            v = Integer.parseInt(ver == null ? "" : ver.trim());
            if (v < 1) {
                problems.add(0, "version", ver, "version is a positive integer");
            }
        } catch (NumberFormatException e) {
            problems.add(0, "version", ver, "version is required: a positive integer");
        }
        LocalDate released = LocalDate.now();
        if (date != null) {
            try {
                released = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
            } catch (DateTimeParseException e) {
                problems.add(0, "releaseDate", date, "release date is an ISO date, e.g. 2024-06-30");
            }
        }
        if (!KINDS.contains(k)) {
            problems.add(0, "kind", k, "kind is observations, register or lookup");
        }
        List<ReleaseMetadata.Alert> allAlerts = new ArrayList<>(alerts == null ? List.of() : alerts);
        for (JsonNode a : b.path("alerts")) {
            allAlerts.add(Json.MAPPER.convertValue(a, ReleaseMetadata.Alert.class));
        }
        if (correction != null && !correction.isBlank()) {
            allAlerts.add(new ReleaseMetadata.Alert(released, correction, "correction"));
        }
        List<ReleaseMetadata.LatestChange> changes = new ArrayList<>(latestChanges == null ? List.of() : latestChanges);
        for (JsonNode c : b.path("latestChanges")) {
            changes.add(Json.MAPPER.convertValue(c, ReleaseMetadata.LatestChange.class));
        }
        return new ReleaseMetadata(ds, ed, v, released, pick(title, b, "title", csvw.title()), k,
                pick(source, b, "source", csvw.source()),
                pick(licence, b, "licence", csvw.licence() == null ? "Open Government Licence v3.0" : csvw.licence()),
                pick(sourceUrl, b, "sourceUrl", null),
                Boolean.parseBoolean(pick(synthetic, b, "synthetic", "false")), allAlerts, changes);
    }

    private static String pick(String given, JsonNode body, String field, String fallback) {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }
}
