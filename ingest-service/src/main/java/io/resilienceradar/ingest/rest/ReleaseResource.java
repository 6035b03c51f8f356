package io.resilienceradar.ingest.rest;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.ingest.persistence.ReleaseEntity;
import io.resilienceradar.ingest.parse.Csvw;
import io.resilienceradar.ingest.service.IngestRefused;
import io.resilienceradar.ingest.service.IngestService;
import io.resilienceradar.ingest.service.MetadataInput;
import io.resilienceradar.ingest.service.ReleaseView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Publish releases and read their status, validation report and versions. */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "releases")
public class ReleaseResource {

    @Inject
    IngestService ingest;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed("publisher")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Publish a release (multipart upload)", description = "Part `file`: tidy indicator CSV, ONS V4 CSV"
            + " or JSON, optionally gzip-compressed (.gz). Optional part `metadata`: CSV-W metadata JSON (declares"
            + " indicators and ranges). Form fields: dataset, edition, version (required unless in a JSON body's"
            + " metadata), releaseDate, title, kind (observations|register|lookup), source, licence, sourceUrl,"
            + " synthetic, correction (text of a correction alert).")
    @APIResponse(responseCode = "201", description = "validated, recorded and published")
    @APIResponse(responseCode = "202", description = "validated and recorded; publication still running")
    @APIResponse(responseCode = "200", description = "identical release already known: nothing done")
    @APIResponse(responseCode = "409", description = "same version with different content, or a version lower than accepted")
    @APIResponse(responseCode = "413", description = "release larger than the configured limit")
    @APIResponse(responseCode = "422", description = "validation problems (application/problem+json); nothing published")
    public Response publishMultipart(@RestForm("file") FileUpload file, @RestForm("metadata") FileUpload csvw,
                                     @RestForm String dataset, @RestForm String edition, @RestForm String version,
                                     @RestForm String releaseDate, @RestForm String title, @RestForm String kind,
                                     @RestForm String source, @RestForm String licence, @RestForm String sourceUrl,
                                     @RestForm String synthetic, @RestForm String correction) throws IOException {
        if (file == null) {
            throw new IngestRefused(400, IngestService.PROBLEM_BASE + "missing-file", "No file", "send the release"
                    + " as the multipart part named 'file'", List.of(), 0, null);
        }
        Csvw meta = Csvw.NONE;
        if (csvw != null) {
            try {
                meta = Csvw.of(Json.MAPPER.readTree(csvw.uploadedFile().toFile()));
            } catch (IOException e) {
                throw new IngestRefused(422, IngestService.PROBLEM_BASE + "invalid-metadata", "CSV-W metadata is not JSON",
                        e.getMessage(), List.of(), 0, null);
            }
        }
        MetadataInput input = new MetadataInput(dataset, edition, version, releaseDate, title, kind, source, licence,
                sourceUrl, synthetic, correction, List.of(), List.of());
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return answer(ingest.ingest(in, input, meta, "upload:" + file.fileName()));
        }
    }

    @POST
    @Consumes({"text/csv", "application/json", "application/gzip", "application/octet-stream", "text/plain", "*/*"})
    @RolesAllowed("publisher")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Publish a release (raw body)", description = "Body: tidy indicator CSV, ONS V4 CSV or JSON, plain"
            + " or gzip. Metadata as query parameters (same names as the multipart form fields), or in a JSON body's"
            + " `metadata` object.")
    @APIResponse(responseCode = "201", description = "validated, recorded and published")
    @APIResponse(responseCode = "422", description = "validation problems (application/problem+json); nothing published")
    public Response publishRaw(InputStream body,
                               @RestQuery @Parameter(description = "dataset id") String dataset,
                               @RestQuery String edition, @RestQuery String version, @RestQuery String releaseDate,
                               @RestQuery String title, @RestQuery String kind, @RestQuery String source,
                               @RestQuery String licence, @RestQuery String sourceUrl, @RestQuery String synthetic,
                               @RestQuery String correction) throws IOException {
        MetadataInput input = new MetadataInput(dataset, edition, version, releaseDate, title, kind, source, licence,
                sourceUrl, synthetic, correction, List.of(), List.of());
        return answer(ingest.ingest(body, input, Csvw.NONE, "upload"));
    }

    private static Response answer(IngestService.Outcome o) {
        Response.ResponseBuilder b = Response.status(o.status()).entity(o.release());
        if (o.status() != 200) {
            b.location(URI.create("/releases/" + o.release().id()));
        }
        return b.build();
    }

    @GET
    @Operation(summary = "Datasets with releases, and their latest versions")
    public List<Map<String, Object>> datasets() {
        Map<String, Map<String, Object>> byDataset = new TreeMap<>();
        for (ReleaseEntity r : ReleaseEntity.<ReleaseEntity>listAll()) {
            Map<String, Object> d = byDataset.computeIfAbsent(r.datasetId, k -> new LinkedHashMap<>(Map.of("datasetId", k,
                    "releases", 0)));
            d.put("releases", (Integer) d.get("releases") + 1);
        }
        return List.copyOf(byDataset.values());
    }

    @GET
    @Path("/{dataset}")
    @Operation(summary = "A dataset's editions, versions and releases (any status)")
    public Map<String, Object> dataset(@PathParam("dataset") String dataset) {
        List<ReleaseEntity> releases = ReleaseEntity.ofDataset(dataset);
        if (releases.isEmpty()) {
            throw notFound(dataset);
        }
        Map<String, List<ReleaseView>> editions = new TreeMap<>();
        releases.forEach(r -> editions.computeIfAbsent(r.edition, k -> new java.util.ArrayList<>()).add(ReleaseView.of(r)));
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        editions.forEach((edition, list) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("edition", edition);
            e.put("latestPublishedVersion", list.stream().filter(v -> ReleaseEntity.PUBLISHED.equals(v.status()))
                    .mapToInt(ReleaseView::version).max().orElse(0));
            e.put("versions", list);
            out.add(e);
        });
        return Map.of("datasetId", dataset, "editions", out);
    }

    @GET
    @Path("/{dataset}/{edition}/{version}")
    @Operation(summary = "A release's status, counts, checksum and validation report")
    public ReleaseView release(@PathParam("dataset") String dataset, @PathParam("edition") String edition,
                               @PathParam("version") int version) {
        String id = dataset + "/" + edition + "/" + version;
        ReleaseEntity r = ReleaseEntity.findById(id);
        if (r == null) {
            throw notFound(id);
        }
        return ReleaseView.of(r);
    }

    private static IngestRefused notFound(String what) {
        return new IngestRefused(404, IngestService.PROBLEM_BASE + "not-found", "Not found", "no release " + what,
                List.of(), 0, null);
    }
}
