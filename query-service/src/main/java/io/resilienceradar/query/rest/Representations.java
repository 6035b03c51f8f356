package io.resilienceradar.query.rest;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.resilienceradar.contracts.Json;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders read responses: JSON or CSV (by {@code ?format=} or {@code Accept}), with a strong ETag over the bytes
 * (so it is right whichever instance answers), 304 for a matching If-None-Match, and Cache-Control.
 */
public final class Representations {
    public static final String CSV = "text/csv";
    private static final MediaType CSV_TYPE = new MediaType("text", "csv", "utf-8");
    private static final CsvMapper CSV_MAPPER = new CsvMapper();

    private Representations() {
    }

    /** A CSV view of a list: column names and one map per row. */
    public record Table(List<String> columns, List<Map<String, Object>> rows) {
    }

    public enum Format { JSON, CSV }

    public static Format format(String formatParam, HttpHeaders headers) {
        if (formatParam != null && !formatParam.isBlank()) {
            return switch (formatParam.toLowerCase(Locale.ROOT)) {
                case "json" -> Format.JSON;
                case "csv" -> Format.CSV;
                default -> throw ProblemException.badRequest("format must be json or csv");
            };
        }
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !m.isWildcardType()) {
                return Format.JSON;
            }
            if (m.getType().equals("text") && m.getSubtype().equals("csv")) {
                return Format.CSV;
            }
        }
        return Format.JSON;
    }

    /** A list: JSON body {@code page} or the CSV {@code table}, total in {@code X-Total-Count}. */
    public static Response list(Request request, Format format, Object page, java.util.function.Supplier<Table> table,
                                long total, int maxAge) {
        Response.ResponseBuilder b = format == Format.CSV
                ? respond(request, csv(table.get()), CSV_TYPE, maxAge)
                : respond(request, Json.write(page), MediaType.APPLICATION_JSON_TYPE, maxAge);
        return b.header("X-Total-Count", total).build();
    }

    public static Response json(Request request, Object entity, int maxAge) {
        byte[] bytes = entity instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.write(entity);
        return respond(request, bytes, MediaType.APPLICATION_JSON_TYPE, maxAge).build();
    }

    /** A precomputed representation (see ProfileCache). */
    public static Response json(Request request, byte[] bytes, EntityTag tag, int maxAge) {
        return respond(request, bytes, tag, MediaType.APPLICATION_JSON_TYPE, maxAge).build();
    }

    /** Any other rendered representation (e.g. Markdown), with the same ETag and caching as JSON and CSV. */
    static Response bytes(Request request, byte[] bytes, MediaType type, int maxAge) {
        return respond(request, bytes, type, maxAge).build();
    }

    public static EntityTag etag(byte[] bytes) {
        return new EntityTag(digest(bytes));
    }

    private static Response.ResponseBuilder respond(Request request, byte[] bytes, MediaType type, int maxAge) {
        return respond(request, bytes, etag(bytes), type, maxAge);
    }

    private static Response.ResponseBuilder respond(Request request, byte[] bytes, EntityTag tag, MediaType type, int maxAge) {
        CacheControl cc = new CacheControl();
        cc.setMaxAge(maxAge);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder b = notModified != null ? notModified : Response.ok(bytes, type);
        return b.tag(tag).cacheControl(cc).header(HttpHeaders.VARY, "Accept");
    }

    static byte[] csv(Table table) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        table.columns().forEach(schema::addColumn);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SequenceWriter w = CSV_MAPPER.writer(schema.build()).writeValues(out)) {
            for (Map<String, Object> row : table.rows()) {
                Map<String, Object> cells = new LinkedHashMap<>();
                for (String c : table.columns()) {
                    Object v = row.get(c);
                    cells.put(c, v == null ? "" : v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : v.toString());
                }
                w.write(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
