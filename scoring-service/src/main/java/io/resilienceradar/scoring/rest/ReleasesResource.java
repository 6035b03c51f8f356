package io.resilienceradar.scoring.rest;

import io.agroal.api.AgroalDataSource;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.scoring.persistence.AppliedLog;
import io.resilienceradar.scoring.persistence.Db;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** The releases this service has applied, in applied order. */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleasesResource {

    public record AppliedRelease(long seq, String releaseId, String datasetId, String edition, int version,
                                 String title, String kind, boolean synthetic, boolean correction,
                                 long observations, boolean ignored, int changes, Instant appliedAt) {
    }

    private final AgroalDataSource ds;
    private final AppliedLog log;

    public ReleasesResource(AgroalDataSource ds, AppliedLog log) {
        this.ds = ds;
        this.log = log;
    }

    @GET
    public List<AppliedRelease> releases() {
        try (Connection c = ds.getConnection()) {
            return log.releases(c).stream().map(e -> {
                ReleaseMetadata m = Json.read(e.metadataJson(), ReleaseMetadata.class);
                return new AppliedRelease(e.seq(), e.releaseId(), m.datasetId(), m.edition(), m.version(), m.title(),
                        m.kind(), m.synthetic(), m.isCorrection(), e.observations(), e.ignored(), e.changes(),
                        e.appliedAt());
            }).toList();
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }
}
