package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Publishes the releases bundled in the contracts module ({@code releases/index.json}, in its order) through
 * ingest-service's public API, exactly as an analyst would: no side door into any database. Publishing an
 * identical release again is a no-op at ingest, so a restart of the local run loads nothing twice.
 */
public final class BundledReleases {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void publishAll(String ingestUrl, String token, Consumer<String> log) throws IOException, InterruptedException {
        JsonNode index = readIndex();
        int n = 0;
        for (JsonNode entry : index.path("releases")) {
            byte[] file = resource("releases/" + entry.path("file").asText());
            HttpResponse<String> response = HTTP.send(IngestRequests.publish(ingestUrl, token, entry, file),
                    HttpResponse.BodyHandlers.ofString());
            String id = entry.path("datasetId").asText() + "/" + entry.path("edition").asText() + "/" + entry.path("version").asText();
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("ingest refused bundled release " + id + ": " + response.statusCode()
                        + " " + response.body());
            }
            log.accept("published " + id + " (" + response.statusCode() + ")");
            n++;
        }
        log.accept(n + " bundled releases published through ingest-service");
    }

    static JsonNode readIndex() throws IOException {
        return Json.MAPPER.readTree(resource("releases/index.json"));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BundledReleases.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("bundled resource " + name + " not found (contracts module)");
            }
            return in.readAllBytes();
        }
    }

    /** How ingest-service's publish endpoint is called; kept in one place. */
    static final class IngestRequests {
        /** Metadata travel as query parameters (ingest's raw-body form), the file as a gzip body. */
        static HttpRequest publish(String ingestUrl, String token, JsonNode entry, byte[] file) {
            StringBuilder query = new StringBuilder();
            String[][] params = {{"dataset", "datasetId"}, {"edition", "edition"}, {"version", "version"},
                    {"kind", "kind"}, {"releaseDate", "releaseDate"}, {"title", "title"}, {"source", "source"},
                    {"licence", "licence"}, {"sourceUrl", "sourceUrl"}, {"synthetic", "synthetic"},
                    {"correction", "correction"}};
            for (String[] p : params) {
                if (entry.hasNonNull(p[1])) {
                    query.append(query.length() == 0 ? "?" : "&").append(p[0]).append('=')
                            .append(URLEncoder.encode(entry.get(p[1]).asText(), StandardCharsets.UTF_8));
                }
            }
            return HttpRequest.newBuilder(URI.create(ingestUrl + "/releases" + query))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/gzip")
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                    .build();
        }

        private IngestRequests() {
        }
    }

    private BundledReleases() {
    }
}
