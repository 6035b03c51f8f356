package io.resilienceradar.query.rest;

import io.resilienceradar.query.coverage.Coverage;
import io.resilienceradar.query.coverage.CoverageMarkdown;
import io.resilienceradar.query.coverage.CoverageService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The coverage report (issue 7): what the rulebook in force can evaluate today, beside the report's sizes. */
@Path("/coverage")
@Tag(name = "coverage")
@Produces({MediaType.APPLICATION_JSON, CoverageMarkdown.MEDIA_TYPE, Representations.CSV})
public class CoverageResource {
    private static final MediaType MARKDOWN = new MediaType("text", "markdown", "utf-8");
    static final List<String> COLUMNS = List.of("letter", "id", "name", "provisional", "criteria", "criteriaWithData",
            "missingCriteria", "townsEvaluable", "evaluableShareEngland", "evaluableShareWales", "full", "partial",
            "none", "insufficient", "reportSize", "reportSizeScaled", "note");

    @Inject
    CoverageService coverage;
    @ConfigProperty(name = "radar.reads.max-age")
    int maxAge;

    enum Format { JSON, CSV, MARKDOWN }

    @GET
    @Operation(summary = "Coverage report: per characteristic its criteria and their series (towns with a value, "
            + "releases), towns evaluable overall and among English and Welsh towns, full/partial/none/insufficient, "
            + "the 2020 report's size beside ours and why they differ; summary against the targets",
            description = "Computed from the latest profiles and the rulebook in force, cached until a profile or "
                    + "the rulebook changes. JSON by default; Markdown (the docs page) with Accept: text/markdown or "
                    + "?format=markdown; the per-characteristic table as CSV with Accept: text/csv or ?format=csv.")
    @APIResponse(responseCode = "200", description = "the report", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Coverage.class)),
            @Content(mediaType = CoverageMarkdown.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = Representations.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "no rulebook has been published yet")
    @APIResponse(responseCode = "400", description = "unknown format")
    public Response get(@Parameter(description = "json, markdown (or md) or csv; else by Accept")
                        @QueryParam("format") String format,
                        @Context Request request, @Context HttpHeaders headers) {
        Format f = format(format, headers);
        Coverage c = coverage.current();
        if (c == null) {
            throw ProblemException.notFound("no rulebook has been published yet");
        }
        return switch (f) {
            case JSON -> Representations.json(request, c, maxAge);
            case MARKDOWN -> Representations.bytes(request,
                    CoverageMarkdown.render(c, coverage.notes()).getBytes(StandardCharsets.UTF_8), MARKDOWN, maxAge);
            case CSV -> Representations.list(request, Representations.Format.CSV, c, () -> table(c),
                    c.characteristics().size(), maxAge);
        };
    }

    static Format format(String param, HttpHeaders headers) {
        if (param != null && !param.isBlank()) {
            return switch (param.toLowerCase(Locale.ROOT)) {
                case "json" -> Format.JSON;
                case "csv" -> Format.CSV;
                case "markdown", "md" -> Format.MARKDOWN;
                default -> throw ProblemException.badRequest("format must be json, markdown or csv");
            };
        }
        for (MediaType m : headers.getAcceptableMediaTypes()) { // in order of preference
            if (m.isWildcardType()) {
                return Format.JSON;
            }
            if (m.getType().equals("text") && m.getSubtype().equals("markdown")) {
                return Format.MARKDOWN;
            }
            if (m.getType().equals("text") && m.getSubtype().equals("csv")) {
                return Format.CSV;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return Format.JSON;
            }
        }
        return Format.JSON;
    }

    static Representations.Table table(Coverage c) {
        List<Map<String, Object>> rows = c.characteristics().stream().map(ch -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("letter", ch.letter());
            r.put("id", ch.id());
            r.put("name", ch.name());
            r.put("provisional", ch.provisional());
            r.put("criteria", ch.criteria().size());
            r.put("criteriaWithData", ch.criteriaWithData());
            r.put("missingCriteria", ch.missingCriteria());
            r.put("townsEvaluable", ch.townsEvaluable());
            r.put("evaluableShareEngland", ch.evaluableShareEngland());
            r.put("evaluableShareWales", ch.evaluableShareWales());
            r.put("full", ch.full());
            r.put("partial", ch.partial());
            r.put("none", ch.none());
            r.put("insufficient", ch.insufficient());
            r.put("reportSize", ch.reportSize());
            r.put("reportSizeScaled", ch.reportSizeScaled());
            r.put("note", ch.note());
            return r;
        }).toList();
        return new Representations.Table(COLUMNS, rows);
    }
}
