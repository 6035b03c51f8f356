package io.resilienceradar.ingest.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.parse.Csvw;
import io.resilienceradar.ingest.persistence.ReleaseEntity;
import io.resilienceradar.ingest.persistence.WatchFeedEntity;
import io.resilienceradar.ingest.service.IngestRefused;
import io.resilienceradar.ingest.service.IngestService;
import io.resilienceradar.ingest.service.MetadataInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Polls each configured ONS-style dataset API ({@code GET {base}/datasets/{id}/editions/{edition}/versions}) and ingests
 * every published version it has not seen through the same path as an upload. Conditional requests (ETag,
 * Last-Modified), exponential backoff on errors, state in the database.
 */
@ApplicationScoped
public class Watcher {
    private static final Logger LOG = Logger.getLogger(Watcher.class);

    @Inject
    WatchConfig config;
    @Inject
    IngestService ingest;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    @Scheduled(every = "${radar.watch.tick:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        OffsetDateTime now = OffsetDateTime.now();
        for (Map.Entry<String, WatchConfig.Feed> e : config.feeds().entrySet()) {
            WatchFeedEntity state = load(e.getKey());
            if (state.nextDue == null || !state.nextDue.isAfter(now)) {
                check(e.getKey(), e.getValue(), state);
            }
        }
    }

    /** Status of every configured feed. */
    public List<FeedStatus> statuses() {
        List<FeedStatus> out = new ArrayList<>();
        config.feeds().forEach((name, feed) -> out.add(FeedStatus.of(name, feed, find(name))));
        return out;
    }

    public FeedStatus status(String name) {
        WatchConfig.Feed feed = config.feeds().get(name);
        return feed == null ? null : FeedStatus.of(name, feed, find(name));
    }

    private WatchFeedEntity find(String name) {
        return QuarkusTransaction.requiringNew().call(() -> WatchFeedEntity.<WatchFeedEntity>findById(name));
    }

    private WatchFeedEntity load(String name) {
        WatchFeedEntity s = find(name);
        if (s == null) {
            s = new WatchFeedEntity();
            s.name = name;
        }
        return s;
    }

    void check(String name, WatchConfig.Feed feed, WatchFeedEntity state) {
        String base = feed.baseUrl().endsWith("/") ? feed.baseUrl() : feed.baseUrl() + "/";
        URI versions = URI.create(base).resolve("datasets/" + feed.dataset() + "/editions/" + feed.edition() + "/versions");
        state.lastChecked = OffsetDateTime.now();
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(versions).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (state.etag != null) {
                req.header("If-None-Match", state.etag);
            }
            if (state.lastModified != null) {
                req.header("If-Modified-Since", state.lastModified);
            }
            HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() == 304) {
                succeeded(state, feed);
                return;
            }
            if (res.statusCode() != 200) {
                throw new IOException("GET " + versions + " answered " + res.statusCode());
            }
            JsonNode doc;
            try {
                doc = Json.MAPPER.readTree(res.body());
            } catch (IOException e) {
                throw new IOException("malformed versions document: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            if (doc == null || !doc.path("items").isArray()) {
                throw new IOException("malformed versions document: no 'items' array");
            }
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode item : doc.path("items")) {
                if (!item.path("version").canConvertToInt() || item.path("version").asInt() < 1) {
                    throw new IOException("malformed versions document: an item without an integer 'version'");
                }
                if ("published".equals(item.path("state").asText("published"))) {
                    items.add(item);
                }
            }
            items.sort(Comparator.comparingInt(i -> i.path("version").asInt()));
            String refused = null;
            for (JsonNode item : items) {
                int v = item.path("version").asInt();
                if (state.lastVersion != null && v <= state.lastVersion) {
                    continue;
                }
                String outcome = ingestVersion(feed, base, versions, item);
                if (outcome != null) {
                    refused = outcome;
                }
                state.lastVersion = v;
                save(state);
            }
            state.etag = res.headers().firstValue("ETag").orElse(null);
            state.lastModified = res.headers().firstValue("Last-Modified").orElse(null);
            succeeded(state, feed);
            if (refused != null) {
                state.lastError = refused;
                save(state);
            }
        } catch (IOException | RuntimeException e) {
            failed(name, feed, state, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Downloads one version's CSV and ingests it; returns a description when ingest refused it (it is skipped). */
    private String ingestVersion(WatchConfig.Feed feed, String base, URI versions, JsonNode item)
            throws IOException, InterruptedException {
        int v = item.path("version").asInt();
        String id = feed.dataset() + "/" + feed.edition() + "/" + v;
        ReleaseEntity known = QuarkusTransaction.requiringNew().call(() -> ReleaseEntity.<ReleaseEntity>findById(id));
        if (known != null && !ReleaseEntity.REJECTED.equals(known.status)) {
            return null;
        }
        String href = item.path("downloads").path("csv").path("href").asText(null);
        if (href == null) {
            throw new IOException("malformed versions document: version " + v + " has no downloads.csv.href");
        }
        URI csv = URI.create(base).resolve(href);
        Path tmp = Files.createTempFile("radar-watch-", ".csv");
        try {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(csv).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) {
                    throw new IOException("GET " + csv + " answered " + res.statusCode());
                }
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING); // streamed to disk, never held in memory
            }
            List<ReleaseMetadata.Alert> alerts = new ArrayList<>();
            for (JsonNode a : item.path("alerts")) {
                alerts.add(new ReleaseMetadata.Alert(date(a.path("date").asText(null)), a.path("description").asText(null),
                        a.path("type").asText("alert")));
            }
            List<ReleaseMetadata.LatestChange> changes = new ArrayList<>();
            for (JsonNode c : item.path("latest_changes")) {
                changes.add(new ReleaseMetadata.LatestChange(c.path("name").asText(null), c.path("description").asText(null)));
            }
            String release = item.path("release_date").asText(null);
            String self = item.path("links").path("self").path("href").asText(versions + "/" + v);
            MetadataInput input = new MetadataInput(feed.dataset(), feed.edition(), String.valueOf(v), release,
                    item.path("title").asText(null), feed.kind(), "watcher", item.path("license").asText(null), self,
                    String.valueOf(feed.synthetic() || item.path("synthetic").asBoolean(false)), null, alerts, changes);
            try (InputStream in = Files.newInputStream(tmp)) {
                IngestService.Outcome o = ingest.ingest(in, input, Csvw.NONE, "watch:" + versions);
                LOG.infof("watcher ingested %s (%d, %s)", id, o.status(), o.release().status());
                return null;
            } catch (IngestRefused r) {
                LOG.warnf("watcher: %s refused (%d): %s", id, r.status, r.getMessage());
                return "version " + v + " refused (" + r.status + "): " + r.getMessage()
                        + (r.problems.isEmpty() ? "" : "; first problem: " + r.problems.get(0));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(s.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void succeeded(WatchFeedEntity state, WatchConfig.Feed feed) {
        state.lastSuccess = state.lastChecked;
        state.lastError = null;
        state.failures = 0;
        state.nextDue = state.lastChecked.plus(feed.interval());
        save(state);
    }

    private void failed(String name, WatchConfig.Feed feed, WatchFeedEntity state, String error) {
        state.failures++;
        state.lastError = error;
        long factor = 1L << Math.min(state.failures, 20);
        Duration backoff = feed.interval().multipliedBy(factor);
        if (backoff.compareTo(config.maxBackoff()) > 0) {
            backoff = config.maxBackoff();
        }
        state.nextDue = state.lastChecked.plus(backoff);
        save(state);
        LOG.warnf("watcher: feed %s failed (%d in a row, next check in %s): %s", name, state.failures, backoff, error);
    }

    private void save(WatchFeedEntity s) {
        QuarkusTransaction.requiringNew().run(() -> WatchFeedEntity.getEntityManager().merge(s));
    }
}
