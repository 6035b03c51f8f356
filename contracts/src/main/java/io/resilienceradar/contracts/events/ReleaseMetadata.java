package io.resilienceradar.contracts.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A release's metadata, shaped like a version of ONS's dataset API
 * ({@code /datasets/{id}/editions/{edition}/versions/{version}}).
 *
 * @param kind        what the release carries: {@code observations} (indicator values),
 *                    {@code register} (the towns of a geography) or {@code lookup} (small area to town best-fit)
 * @param synthetic   true when any value is not real official data; shown wherever the values are shown
 */
public record ReleaseMetadata(
        String datasetId,
        String edition,
        int version,
        LocalDate releaseDate,
        String title,
        String kind,
        String source,
        String licence,
        String sourceUrl,
        boolean synthetic,
        List<Alert> alerts,
        List<LatestChange> latestChanges) {

    public static final String KIND_OBSERVATIONS = "observations";
    public static final String KIND_REGISTER = "register";
    public static final String KIND_LOOKUP = "lookup";

    public ReleaseMetadata {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        latestChanges = latestChanges == null ? List.of() : List.copyOf(latestChanges);
        kind = kind == null ? KIND_OBSERVATIONS : kind;
    }

    /** The release's stable id: {@code dataset/edition/version}. */
    public String releaseId() {
        return datasetId + "/" + edition + "/" + version;
    }

    /** A correction replaces only the values it names (ONS alert type {@code correction}). */
    public boolean isCorrection() {
        return alerts.stream().anyMatch(a -> "correction".equals(a.type()));
    }

    /** ONS alert: {@code type} is {@code alert} or {@code correction}. */
    public record Alert(LocalDate date, String description, String type) {
    }

    /** ONS latest_changes entry. */
    public record LatestChange(String name, String description) {
    }
}
