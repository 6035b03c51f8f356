package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The local ONS-style dataset API answers in the shape ingest-service's watcher reads (ONS dataset API v1). */
class LocalDatasetApiTest {
    private static final String CSV = "AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status\n"
            + "E63007092,Berwick-upon-Tweed,population,2024,13001,persons,\n";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anEditionWithoutVersionsListsNoneAndAPublishedVersionHasTheOnsShape() throws Exception {
        try (LocalDatasetApi api = LocalDatasetApi.start(0, dir)) {
            String versions = api.baseUrl() + "/datasets/my-series/editions/mid-2024/versions";
            HttpResponse<String> empty = get(versions, null);
            assertThat(empty.statusCode()).isEqualTo(200);
            JsonNode none = Json.MAPPER.readTree(empty.body());
            assertThat(none.path("items").isArray()).isTrue();
            assertThat(none.path("items")).isEmpty();
            assertThat(none.path("total_count").asInt()).isZero();

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(versions
                            + "?title=My%20series%20SYNTHETIC&release_date=2026-11-28&synthetic=true&license=none&change=first"))
                    .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode item = Json.MAPPER.readTree(created.body());
            assertThat(item.path("version").asInt()).isEqualTo(1);

            HttpResponse<String> listed = get(versions, null);
            JsonNode doc = Json.MAPPER.readTree(listed.body());
            assertThat(doc.path("count").asInt()).isEqualTo(1);
            JsonNode v1 = doc.path("items").get(0);
            // the fields the watcher reads
            assertThat(v1.path("version").asInt()).isEqualTo(1);
            assertThat(v1.path("state").asText()).isEqualTo("published");
            assertThat(v1.path("release_date").asText()).isEqualTo("2026-11-28T00:00:00.000Z");
            assertThat(v1.path("alerts").isArray()).isTrue();
            assertThat(v1.path("latest_changes").get(0).path("description").asText()).isEqualTo("first");
            assertThat(v1.path("title").asText()).isEqualTo("My series SYNTHETIC");
            assertThat(v1.path("license").asText()).isEqualTo("none");
            assertThat(v1.path("synthetic").asBoolean()).isTrue();
            assertThat(v1.path("links").path("self").path("href").asText()).isEqualTo(versions + "/1");
            assertThat(v1.path("links").path("dataset").path("id").asText()).isEqualTo("my-series");
            assertThat(v1.path("edition").asText()).isEqualTo("mid-2024");
            String href = v1.path("downloads").path("csv").path("href").asText();
            assertThat(href).isEqualTo(api.baseUrl() + "/downloads/datasets/my-series/editions/mid-2024/versions/1.csv");
            assertThat(v1.path("downloads").path("csv").path("size").asText()).isEqualTo(String.valueOf(CSV.length()));
            HttpResponse<String> download = get(href, null);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(CSV);
            assertThat(Json.MAPPER.readTree(get(versions + "/1", null).body())).isEqualTo(v1);
        }
    }

    @Test
    void conditionalRequestsAnswer304UntilANewVersionAndVersionsSurviveARestart() throws Exception {
        String etag;
        String path = "/datasets/d/editions/e/versions";
        try (LocalDatasetApi api = LocalDatasetApi.start(0, dir)) {
            publish(api.baseUrl() + path);
            HttpResponse<String> first = get(api.baseUrl() + path, null);
            etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(get(api.baseUrl() + path, etag).statusCode()).isEqualTo(304);
            publish(api.baseUrl() + path);
            HttpResponse<String> second = get(api.baseUrl() + path, etag);
            assertThat(second.statusCode()).isEqualTo(200);
            JsonNode doc = Json.MAPPER.readTree(second.body());
            assertThat(doc.path("items").get(0).path("version").asInt()).isEqualTo(2); // newest first
            assertThat(doc.path("items").get(1).path("version").asInt()).isEqualTo(1);
            assertThat(doc.path("items").get(0).path("release_date").asText()).startsWith(LocalDate.now().toString());
            assertThat(doc.path("items").get(0).path("synthetic").asBoolean()).isFalse();
        }
        try (LocalDatasetApi again = LocalDatasetApi.start(0, dir)) {
            JsonNode doc = Json.MAPPER.readTree(get(again.baseUrl() + path, null).body());
            assertThat(doc.path("total_count").asInt()).isEqualTo(2);
            assertThat(doc.path("items").get(0).path("downloads").path("csv").path("href").asText())
                    .startsWith(again.baseUrl());
        }
    }

    @Test
    void unknownPathsAndBadIdsAre404AndAnEmptyUploadIsRefused() throws Exception {
        try (LocalDatasetApi api = LocalDatasetApi.start(0, dir)) {
            assertThat(get(api.baseUrl() + "/datasets/d/editions/e/versions/9", null).statusCode()).isEqualTo(404);
            assertThat(get(api.baseUrl() + "/datasets/..%2Fx/editions/e/versions", null).statusCode()).isEqualTo(404);
            assertThat(get(api.baseUrl() + "/nothing", null).statusCode()).isEqualTo(404);
            HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/datasets/d/editions/e/versions"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(empty.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theLocalRunsIngestWatchesTheDemoFeed() {
        assertThat(LocalDatasetApi.feedConfig("http://127.0.0.1:8099"))
                .containsEntry("radar.watch.feeds.demo.base-url", "http://127.0.0.1:8099")
                .containsEntry("radar.watch.feeds.demo.dataset", LocalDatasetApi.DATASET)
                .containsEntry("radar.watch.feeds.demo.edition", LocalDatasetApi.EDITION)
                .containsEntry("radar.watch.feeds.demo.interval", "3s")
                .containsEntry("radar.watch.feeds.demo.kind", "observations");
    }

    private void publish(String versions) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(versions))
                .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> get(String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
