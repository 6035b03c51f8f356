package io.resilienceradar.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.persistence.ReleaseEntity;

import java.time.OffsetDateTime;

/** A release as the API shows it: metadata, status, counts, checksum and (when refused) its validation report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseView(String id, String datasetId, String edition, int version, String status, String format,
                          Long observations, Integer batches, String checksum, ReleaseMetadata metadata, String origin,
                          OffsetDateTime receivedAt, OffsetDateTime acceptedAt, OffsetDateTime publishedAt,
                          JsonNode validationReport) {

    public static ReleaseView of(ReleaseEntity r) {
        return new ReleaseView(r.id, r.datasetId, r.edition, r.version, r.status, r.format, r.observations, r.batches,
                r.checksum, Json.read(r.metadata, ReleaseMetadata.class), r.origin, r.receivedAt, r.acceptedAt,
                r.publishedAt, r.report == null ? null : readTree(r.report));
    }

    private static JsonNode readTree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }
}
