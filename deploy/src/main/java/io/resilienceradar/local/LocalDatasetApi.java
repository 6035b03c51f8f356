package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.resilienceradar.contracts.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small ONS-shaped dataset API on a loopback port: the stand-in for {@code api.beta.ons.gov.uk/v1} that the local
 * run's ingest-service watches, so that "a newer release lands and the watcher picks it up" can be shown on one
 * machine. JDK HTTP server, no dependency. Versions are files under a directory ({@code .run/dataset-api/}), so they
 * survive a restart of the local run exactly as the watcher's state (in ingest's database) does.
 *
 * <pre>
 * GET  /datasets/{id}/editions/{edition}/versions        the ONS version list: {count, offset, limit, total_count,
 *                                                        items: [{id, version, state, release_date, downloads.csv.href,
 *                                                        alerts, latest_changes, links, ...}]}, ETag (304 on If-None-Match);
 *                                                        an edition with no version yet answers an empty list
 * GET  /datasets/{id}/editions/{edition}/versions/{v}    one version document
 * GET  /downloads/datasets/{id}/editions/{edition}/versions/{v}.csv   the version's CSV
 * POST /datasets/{id}/editions/{edition}/versions        publish the next version: body = the CSV; query parameters
 *                                                        title, release_date, license, synthetic, change (the
 *                                                        latest_changes description); answers 201 + the version document
 * </pre>
 *
 * Publishing needs no token: the API listens on the loopback interface only and stands in for the statistics
 * producer's own publishing system. A version document carries {@code title}, {@code license} and {@code synthetic}
 * besides the ONS fields.
 */
public final class LocalDatasetApi implements AutoCloseable {
    /** The feed the local run's ingest-service watches on this API (demo: {@code deploy/demo}). */
    public static final String FEED = "demo";
    public static final String DATASET = "bua2022-population-estimates-synthetic";
    public static final String EDITION = "mid-2024";
    public static final Duration FEED_INTERVAL = Duration.ofSeconds(3);

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSIONS = Pattern.compile("/datasets/([^/]+)/editions/([^/]+)/versions/?");
    private static final Pattern VERSION = Pattern.compile("/datasets/([^/]+)/editions/([^/]+)/versions/(\\d{1,6})");
    private static final Pattern DOWNLOAD = Pattern.compile("/downloads/datasets/([^/]+)/editions/([^/]+)/versions/(\\d{1,6})\\.csv");
    private static final long MAX_UPLOAD = 64L * 1024 * 1024;

    private final Path dir;
    private final HttpServer server;
    private final ExecutorService executor;

    private LocalDatasetApi(Path dir, HttpServer server, ExecutorService executor) {
        this.dir = dir;
        this.server = server;
        this.executor = executor;
    }

    /** Starts the API on 127.0.0.1:{port} (0 = any free port), serving and storing versions under {@code dir}. */
    public static LocalDatasetApi start(int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dataset-api");
            t.setDaemon(true);
            return t;
        });
        LocalDatasetApi api = new LocalDatasetApi(dir, server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The ingest-service configuration (system properties) that makes its watcher poll this API's demo feed. */
    public static Map<String, String> feedConfig(String baseUrl) {
        Map<String, String> c = new LinkedHashMap<>();
        String p = "radar.watch.feeds." + FEED + ".";
        c.put(p + "base-url", baseUrl);
        c.put(p + "dataset", DATASET);
        c.put(p + "edition", EDITION);
        c.put(p + "interval", FEED_INTERVAL.toSeconds() + "s");
        c.put(p + "kind", "observations");
        c.put(p + "synthetic", "true");       // every version this API serves is made up: say so in the release metadata
        return c;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Matcher m;
            if ((m = VERSIONS.matcher(path)).matches() && slugs(m.group(1), m.group(2))) {
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    byte[] body = Json.write(versionList(m.group(1), m.group(2)));
                    String etag = "\"" + sha256(body).substring(0, 32) + "\"";
                    ex.getResponseHeaders().set("ETag", etag);
                    if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                        ex.sendResponseHeaders(304, -1);
                        return;
                    }
                    send(ex, 200, "application/json", body);
                } else if ("POST".equals(method)) {
                    publish(ex, m.group(1), m.group(2));
                } else {
                    problem(ex, 405, "GET or POST");
                }
            } else if ((m = VERSION.matcher(path)).matches() && slugs(m.group(1), m.group(2)) && "GET".equals(method)) {
                ObjectNode item = item(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
                if (item == null) {
                    problem(ex, 404, "version not found");
                } else {
                    send(ex, 200, "application/json", Json.write(item));
                }
            } else if ((m = DOWNLOAD.matcher(path)).matches() && slugs(m.group(1), m.group(2)) && "GET".equals(method)) {
                Path csv = editionDir(m.group(1), m.group(2)).resolve(Integer.parseInt(m.group(3)) + ".csv");
                if (!Files.exists(csv)) {
                    problem(ex, 404, "download not found");
                } else {
                    send(ex, 200, "text/csv; charset=utf-8", Files.readAllBytes(csv));
                }
            } else {
                problem(ex, 404, "no such resource: this API serves /datasets/{id}/editions/{edition}/versions");
            }
        } catch (RuntimeException e) {
            problem(ex, 500, String.valueOf(e.getMessage()));
        } finally {
            ex.close();
        }
    }

    private synchronized void publish(HttpExchange ex, String dataset, String edition) throws IOException {
        byte[] csv;
        try (InputStream in = ex.getRequestBody()) {
            csv = in.readNBytes((int) MAX_UPLOAD + 1);
        }
        if (csv.length == 0 || csv.length > MAX_UPLOAD) {
            problem(ex, 400, "the body is the version's CSV (1 byte to 64 MiB)");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        Path ed = editionDir(dataset, edition);
        Files.createDirectories(ed);
        int version = versions(dataset, edition).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("id", UUID.randomUUID().toString());
        meta.put("release_date", q.getOrDefault("release_date", LocalDate.now().toString()) + "T00:00:00.000Z");
        meta.put("published_at", Instant.now().toString());
        if (q.containsKey("title")) {
            meta.put("title", q.get("title"));
        }
        if (q.containsKey("license")) {
            meta.put("license", q.get("license"));
        }
        meta.put("synthetic", Boolean.parseBoolean(q.getOrDefault("synthetic", "false")));
        ArrayNode changes = meta.putArray("latest_changes");
        if (q.containsKey("change")) {
            changes.addObject().put("name", "Changes for this version").put("description", q.get("change"))
                    .put("type", "summary of changes");
        }
        // the CSV first, the document last: a version is listed only once its download exists
        write(ed.resolve(version + ".csv"), csv);
        write(ed.resolve(version + ".json"), Json.write(meta));
        send(ex, 201, "application/json", Json.write(item(dataset, edition, version)));
    }

    private ObjectNode versionList(String dataset, String edition) throws IOException {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode items = Json.MAPPER.createArrayNode();
        List<Integer> vs = versions(dataset, edition);
        for (int i = vs.size() - 1; i >= 0; i--) { // newest first, as ONS lists them
            items.add(item(dataset, edition, vs.get(i)));
        }
        doc.put("count", items.size());
        doc.set("items", items);
        doc.put("limit", 20);
        doc.put("offset", 0);
        doc.put("total_count", items.size());
        return doc;
    }

    /** The ONS version document, links and hrefs absolute on this server. */
    private ObjectNode item(String dataset, String edition, int version) throws IOException {
        Path ed = editionDir(dataset, edition);
        Path json = ed.resolve(version + ".json");
        if (!Files.exists(json)) {
            return null;
        }
        JsonNode meta = Json.MAPPER.readTree(json.toFile());
        String base = baseUrl();
        String editionUrl = base + "/datasets/" + dataset + "/editions/" + edition;
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("id", meta.path("id").asText());
        item.put("dataset_id", dataset);
        item.put("edition", edition);
        item.put("version", version);
        item.put("state", "published");
        item.put("release_date", meta.path("release_date").asText());
        if (meta.has("title")) {
            item.put("title", meta.path("title").asText());
        }
        if (meta.has("license")) {
            item.put("license", meta.path("license").asText());
        }
        item.put("synthetic", meta.path("synthetic").asBoolean(false));
        item.putArray("alerts");
        item.set("latest_changes", meta.path("latest_changes").isArray() ? meta.get("latest_changes") : Json.MAPPER.createArrayNode());
        ObjectNode csv = item.putObject("downloads").putObject("csv");
        csv.put("href", base + "/downloads/datasets/" + dataset + "/editions/" + edition + "/versions/" + version + ".csv");
        csv.put("size", String.valueOf(Files.size(ed.resolve(version + ".csv"))));
        ObjectNode links = item.putObject("links");
        links.putObject("dataset").put("href", base + "/datasets/" + dataset).put("id", dataset);
        links.putObject("edition").put("href", editionUrl).put("id", edition);
        links.putObject("self").put("href", editionUrl + "/versions/" + version);
        if (item.path("synthetic").asBoolean()) {
            item.putArray("usage_notes").addObject().put("title", "Synthetic values")
                    .put("note", "These values are synthetic demonstration data, not official statistics.");
        }
        return item;
    }

    private List<Integer> versions(String dataset, String edition) throws IOException {
        Path ed = editionDir(dataset, edition);
        if (!Files.isDirectory(ed)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ed)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,6}\\.json"))
                    .map(n -> Integer.parseInt(n.substring(0, n.length() - 5))).sorted().toList();
        }
    }

    private Path editionDir(String dataset, String edition) {
        return dir.resolve(dataset).resolve(edition);
    }

    private static boolean slugs(String... values) {
        for (String v : values) {
            if (!SLUG.matcher(v).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void problem(HttpExchange ex, int status, String detail) throws IOException {
        ObjectNode p = Json.MAPPER.createObjectNode().put("status", status).put("detail", detail);
        send(ex, status, "application/problem+json", Json.write(p));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
