package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.resilienceradar.contracts.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The headline scenario against the running local system ({@code deploy/run-local}), end to end and through public
 * interfaces only: two webhook subscribers and a live stream are opened; a newer (SYNTHETIC) population estimate is
 * published on the local ONS-style dataset API ({@link LocalDatasetApi}); ingest-service's watcher picks it up by
 * itself; scoring-service rescores; the demo shows which towns gained the characteristic, every signed webhook each
 * subscriber received (verified with {@link WebhookVerifier}), the live stream, and the affected towns' profiles
 * before and after (time travel).
 *
 * <p>Started by {@code deploy/demo}; arguments: {@code <project-root> [--characteristic G] [--towns 3] [--timeout 90]}.
 * Exit status: 0 = at least one town gained the characteristic and every webhook verified; 1 = the scenario failed;
 * 2 = the system is not running or not watching the local dataset API.
 */
public final class Demo {
    /** Derived indicators a population estimate moves, and the raw series behind each (growth since 2001). */
    static final Map<String, String> LEVERS = linked("population_growth_pct", "population",
            "working_age_growth_pct", "population_25_64");
    static final String BASE_PERIOD = "2001";
    static final String NEW_PERIOD = "2024";
    /** How far past the threshold (percentage points of growth) the synthetic estimate puts a town. */
    static final double MARGIN = 1.5;
    private static final String BUNDLED_POPULATION = "releases/bua2022-population.csv.gz";
    private static final String CSV_HEADER = "AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status";
    private static final List<String> MEMBERSHIP_TRANSITIONS = List.of("GAINED", "LOST", "BECAME_PARTIAL",
            "REDUCED_TO_PARTIAL", "BECAME_NONE", "BECAME_INSUFFICIENT_DATA");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int LIVE_LINES = 20;

    private final Path root;
    private final String wanted;
    private final int townCount;
    private final Duration timeout;
    private final String query = "http://localhost:" + LocalRun.QUERY_PORT;
    private final String ingest = "http://localhost:" + LocalRun.INGEST_PORT;
    private final String scoring = "http://localhost:" + LocalRun.SCORING_PORT;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private String token;
    private HttpServer receiver;
    private volatile String releaseId = "";
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<JsonNode> streamed = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamedShown = new AtomicInteger();

    Demo(Path root, String wanted, int townCount, Duration timeout) {
        this.root = root;
        this.wanted = wanted;
        this.townCount = townCount;
        this.timeout = timeout;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Demo <project-root> [--characteristic G] [--towns 3] [--timeout 90]");
            System.exit(2);
        }
        String characteristic = "G";
        int towns = 3;
        int timeout = 90;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--characteristic", "-c" -> characteristic = require(a, v);
                    case "--towns", "-n" -> towns = Integer.parseInt(require(a, v));
                    case "--timeout" -> timeout = Integer.parseInt(require(a, v));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; usage: deploy/demo [--characteristic G] [--towns 3] [--timeout 90]");
            System.exit(2);
        }
        int status;
        Demo demo = new Demo(Path.of(args[0]).toAbsolutePath().normalize(), characteristic, Math.max(1, towns),
                Duration.ofSeconds(timeout));
        try {
            status = demo.run();
        } catch (Stop s) {
            System.out.println();
            System.out.println("[demo] " + s.getMessage());
            status = s.status;
        } catch (Exception e) {
            System.out.println("[demo] failed: " + e);
            status = 1;
        } finally {
            demo.cleanUp();
        }
        System.exit(status);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    int run() throws Exception {
        say("Resilience Radar headline scenario: a newer release lands, towns gain a characteristic, subscribers are told.");

        // ---- 1. the system ------------------------------------------------------------------------------------------
        step("1. The running system");
        for (String[] s : new String[][] {{"query-service", query}, {"ingest-service", ingest}, {"scoring-service", scoring}}) {
            HttpResponse<String> r = tryGet(s[1] + "/q/health/ready");
            if (r == null || r.statusCode() != 200) {
                throw new Stop(2, s[0] + " is not ready at " + s[1] + " (" + (r == null ? "no answer" : r.statusCode())
                        + "): start the system with deploy/run-local and wait for \"Resilience Radar is up\".");
            }
        }
        Path tokenFile = root.resolve(".run/tokens/subscriber.jwt");
        if (!Files.exists(tokenFile)) {
            throw new Stop(2, tokenFile + " is missing: it is written by deploy/run-local.");
        }
        token = Files.readString(tokenFile).trim();
        JsonNode feed = null;
        for (JsonNode f : getJson(ingest + "/watch/feeds")) {
            if (LocalDatasetApi.FEED.equals(f.path("name").asText())) {
                feed = f;
            }
        }
        if (feed == null) {
            throw new Stop(2, "ingest-service watches no feed '" + LocalDatasetApi.FEED + "' (GET " + ingest
                    + "/watch/feeds): the system was started by an older deploy/run-local; stop it and start it again.");
        }
        String apiBase = feed.path("baseUrl").asText();
        String dataset = feed.path("dataset").asText();
        String edition = feed.path("edition").asText();
        String versionsUrl = apiBase + "/datasets/" + dataset + "/editions/" + edition + "/versions";
        HttpResponse<String> list = tryGet(versionsUrl);
        if (list == null || list.statusCode() != 200) {
            throw new Stop(2, "the local dataset API does not answer at " + versionsUrl + " ("
                    + (list == null ? "no answer" : list.statusCode()) + "): is deploy/run-local up?");
        }
        JsonNode versions = Json.MAPPER.readTree(list.body());
        say("query :8080, ingest :8081 and scoring :8082 are ready.");
        awaitCaughtUp();
        say("ingest-service's watcher, feed '" + LocalDatasetApi.FEED + "' (GET " + ingest + "/watch/feeds/"
                + LocalDatasetApi.FEED + "): polls " + versionsUrl);
        say("  every " + human(feed.path("interval").asText()) + "; last check " + text(feed, "lastChecked")
                + ", last version seen " + text(feed, "lastVersion") + ", last error " + text(feed, "lastError"));
        say("  versions published there so far: " + versions.path("items").size());

        // ---- 2. which towns -----------------------------------------------------------------------------------------
        step("2. The characteristic and the towns");
        JsonNode definitions = getJson(query + "/characteristics");
        String letter = letterOf(definitions, wanted);
        Map<String, String> labels = criterionLabels(definitions);
        say("GET " + scoring + "/towns  (the engine's current evidence for every town and criterion)");
        JsonNode towns = getJson(scoring + "/towns");
        Baseline baseline = Baseline.load(BundledReleases.resource(BUNDLED_POPULATION));
        Map<String, Row> previousRows = new TreeMap<>();
        JsonNode latestItem = latest(versions);
        if (latestItem != null) {
            previousRows.putAll(parseRows(new String(fetch(latestItem.path("downloads").path("csv").path("href").asText()),
                    StandardCharsets.UTF_8)));
        }
        List<Candidate> candidates = candidates(towns, letter, baseline, previousRows, labels);
        Map<String, Integer> counts = memberships(towns, letter);
        say(letter + " " + nameOf(definitions, letter) + ": " + describe(counts) + String.format(Locale.ROOT, " (%,d towns)", towns.size()));
        String target = letter;
        if (candidates.isEmpty()) {
            explainNoCandidates(definitions, towns, letter, counts);
            // No fallback to another characteristic: G's series are bundled now, so an empty candidate list is a
            // finding to report, not something to paper over by demonstrating a different characteristic.
            throw new Stop(1, "no partial member of " + letter + " misses only a criterion that a newer population "
                    + "estimate moves: nothing to demonstrate for " + letter + "; choose another with --characteristic");
        } else {
            say(candidates.size() + " partial members of " + letter + " miss only a criterion that a newer population "
                    + "estimate moves (" + String.join(", ", LEVERS.keySet()) + ").");
        }
        List<Candidate> chosen = candidates.subList(0, Math.min(townCount, candidates.size()));
        say("Chosen (the " + chosen.size() + " closest to their threshold), with their current evidence:");
        for (Candidate c : chosen) {
            say("  " + c.name + " (" + c.code + ", " + c.region + "): " + target + " PARTIAL, " + c.criterionId + " "
                    + c.label + " not met: " + c.indicator + " " + fmt(c.value) + " [" + c.period + "], needs "
                    + c.comparison + " (" + op(c.comparison) + " " + fmt(c.threshold) + ")");
            say("      " + c.raw + ": " + BASE_PERIOD + " " + count(c.base) + ", " + c.latestPeriod + " "
                    + count(c.latest) + "  ->  SYNTHETIC " + NEW_PERIOD + " estimate " + count(c.newValue)
                    + ", giving " + fmt(c.achieved) + " [" + BASE_PERIOD + "/" + NEW_PERIOD + "]");
        }

        // ---- 3. subscribers and the live stream ---------------------------------------------------------------------
        step("3. Subscribers and the live stream");
        cleanUpOldSubscriptions();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/", this::receive);
        receiver.start();
        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/";
        say("webhook receiver listening on " + hooks + "{name}: verifies every delivery (Standard Webhooks, v1 HMAC-SHA256)");
        Candidate council = chosen.get(0);
        subscribe("newsroom", hooks + "newsroom", "deploy/demo newsroom: towns gaining " + target,
                filter(List.of(target), List.of("GAINED"), List.of()));
        subscribe("council", hooks + "council", "deploy/demo council of " + council.name + ": everything about the town",
                filter(List.of(), List.of(), List.of(council.code)));
        String streamUrl = query + "/changes/stream?characteristic=" + target + "&transition="
                + String.join(",", MEMBERSHIP_TRANSITIONS);
        openStream(streamUrl);
        say("live stream: GET " + streamUrl + "  (Server-Sent Events)");

        // ---- 4. the newer release --------------------------------------------------------------------------------------
        step("4. A newer release appears on the dataset API; the watcher picks it up");
        int version = latestItem == null ? 1 : latestItem.path("version").asInt() + 1;
        releaseId = dataset + "/" + edition + "/" + version;
        Map<String, Row> rows = new TreeMap<>(previousRows);
        for (Candidate c : chosen) {
            Row r = new Row(c.code, c.name, c.raw, NEW_PERIOD, c.newValue);
            rows.put(r.key(), r);
        }
        String names = String.join(", ", chosen.stream().map(c -> c.name).toList());
        String title = "Population estimates mid-2024, built-up areas (2022): SYNTHETIC demo values, not official statistics";
        String change = "Version " + version + ": SYNTHETIC " + NEW_PERIOD + " estimates for " + names
                + " (made by deploy/demo)" + (previousRows.isEmpty() ? "" : ", plus the " + previousRows.size()
                + " values of version " + (version - 1));
        String csv = csv(rows.values());
        Instant before = Instant.now();
        String publishUrl = versionsUrl + "?title=" + enc(title) + "&release_date=" + LocalDate.now() + "&synthetic=true"
                + "&license=" + enc("synthetic demonstration data, not Office for National Statistics") + "&change=" + enc(change);
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(publishUrl))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 201) {
            throw new Stop(1, "the dataset API refused the new version: " + published.statusCode() + " " + published.body());
        }
        JsonNode item = Json.MAPPER.readTree(published.body());
        if (item.path("version").asInt() != version) { // someone published in between: follow what the API assigned
            version = item.path("version").asInt();
            releaseId = dataset + "/" + edition + "/" + version;
        }
        say("POST " + versionsUrl + "  (" + rows.size() + " rows, CSV)");
        say("  -> version " + version + ", state " + item.path("state").asText() + ", synthetic "
                + item.path("synthetic").asBoolean() + ", release_date " + item.path("release_date").asText());
        say("     title: " + item.path("title").asText());
        say("     downloads.csv.href: " + item.path("downloads").path("csv").path("href").asText());
        for (String line : csv.split("\n")) {
            say("     | " + line);
        }
        say("waiting for the watcher (it polls every " + human(feed.path("interval").asText()) + ") ...");
        JsonNode[] ingested = new JsonNode[1];
        final int v = version;
        boolean picked = await(timeout, () -> {
            ingested[0] = ingestRecord(dataset, edition, v);
            return ingested[0] != null && !"ACCEPTED".equals(ingested[0].path("status").asText());
        });
        if (!picked) {
            JsonNode f = getJson(ingest + "/watch/feeds/" + LocalDatasetApi.FEED);
            throw new Stop(1, "the watcher did not ingest " + releaseId + " within " + timeout.toSeconds()
                    + " s; feed status: " + f);
        }
        JsonNode rec = ingested[0];
        say("ingest-service: " + rec.path("id").asText() + " " + rec.path("status").asText() + " after "
                + secs(before, Instant.parse(rec.path("receivedAt").asText())) + " s, " + rec.path("observations").asInt()
                + " observations, origin " + rec.path("origin").asText() + "  (GET " + ingest + "/releases/" + dataset + ")");
        if (!"PUBLISHED".equals(rec.path("status").asText())) {
            throw new Stop(1, "ingest did not publish " + releaseId + ": " + rec);
        }
        boolean flagged = rec.path("metadata").path("synthetic").asBoolean();
        say("  metadata: title \"" + rec.path("metadata").path("title").asText() + "\", synthetic " + flagged
                + ", source " + rec.path("metadata").path("source").asText());
        if (!flagged) {
            throw new Stop(1, "the watcher published " + releaseId + " without the synthetic flag: its feed must be "
                    + "configured synthetic (radar.watch.feeds." + LocalDatasetApi.FEED + ".synthetic=true)");
        }

        // ---- 5. what happened ---------------------------------------------------------------------------------------
        step("5. Rescored: what changed, live and by webhook");
        JsonNode[] applied = new JsonNode[1];
        if (!await(timeout, () -> (applied[0] = appliedRelease(releaseId)) != null)) {
            throw new Stop(1, "scoring-service did not apply " + releaseId + " within " + timeout.toSeconds() + " s");
        }
        int changes = applied[0].path("changes").asInt();
        String since = before.toString();
        if (!await(timeout, () -> total(query + "/changes?since=" + since + "&limit=1") >= changes)) {
            throw new Stop(1, "query-service did not materialise the " + changes + " changes within " + timeout.toSeconds() + " s");
        }
        List<JsonNode> gained = causedByRelease(getAll(query + "/changes?characteristic=" + target
                + "&transition=GAINED&since=" + since));
        StringBuilder others = new StringBuilder(query + "/changes?characteristic=" + target + "&since=" + since);
        MEMBERSHIP_TRANSITIONS.stream().filter(t -> !t.equals("GAINED")).forEach(t -> others.append("&transition=").append(t));
        List<JsonNode> otherTransitions = causedByRelease(getAll(others.toString()));
        int councilExpected = causedByRelease(getAll(query + "/changes?town=" + council.code + "&since=" + since)).size();
        Subscriber newsroom = subscribers.get(0);
        Subscriber councilSub = subscribers.get(1);
        await(timeout, () -> newsroom.distinct() >= gained.size() && councilSub.distinct() >= councilExpected);
        int expectedStreamed = gained.size() + otherTransitions.size();
        await(Duration.ofSeconds(5), () -> streamedMembership() >= expectedStreamed);
        Thread.sleep(500); // late duplicates, if any, are shown too

        say("");
        say("scoring-service applied " + releaseId + ": " + changes + " characteristic changes (all characteristics, "
                + "including evidence-only ones: a moved threshold, mean or percentile)");
        say("live stream: " + streamedMembership() + " of the " + expectedStreamed + " membership transition(s) of "
                + target + " received" + (streamedMembership() < expectedStreamed
                ? "   WARNING: the stream dropped some (query-service drops events it cannot write at once during a burst)" : ""));
        say("");
        say("Towns that gained " + target + " " + nameOf(definitions, target) + " (GET /changes?characteristic=" + target
                + "&transition=GAINED&since=" + since + "):");
        Set<String> chosenCodes = new LinkedHashSet<>();
        chosen.forEach(c -> chosenCodes.add(c.code));
        for (JsonNode g : gained) {
            say("  " + pad(g.path("townName").asText(), 28) + g.path("townCode").asText() + "  "
                    + pad(g.path("region").asText(), 26) + g.path("previous").asText() + " -> " + g.path("current").asText()
                    + (chosenCodes.contains(g.path("townCode").asText()) ? "" : "   (not chosen: moved by the shifted threshold)"));
        }
        if (gained.isEmpty()) {
            say("  none");
        }
        say("Other membership changes in " + target + " caused by the release: "
                + (otherTransitions.isEmpty() ? "none" : ""));
        for (JsonNode o : otherTransitions) {
            say("  " + pad(o.path("townName").asText(), 28) + o.path("townCode").asText() + "  "
                    + pad(o.path("region").asText(), 26) + o.path("previous").asText() + " -> " + o.path("current").asText()
                    + " (" + o.path("transition").asText() + ")");
        }
        if (!otherTransitions.isEmpty()) {
            say("  (towns at the margin: thresholds are relative to all towns, so the chosen towns' new values moved "
                    + "the threshold past them; their values did not change, see step 6)");
        }
        say("");
        say("Webhooks received:");
        boolean allVerified = true;
        for (Subscriber s : subscribers) {
            say("  " + s.name + " (filter " + Json.writeString(s.filter) + "): " + s.received.size() + " received, "
                    + s.verifiedCount() + " verified, " + (s.received.size() - s.verifiedCount()) + " failed");
            allVerified &= s.verifiedCount() == s.received.size();
            JsonNode log = getJson(query + "/subscriptions/" + s.id + "/deliveries", true);
            Map<String, Integer> byStatus = new TreeMap<>();
            int attempts = 0;
            for (JsonNode d : log.path("items")) {
                byStatus.merge(d.path("status").asText(), 1, Integer::sum);
                attempts += d.path("attempts").asInt();
            }
            say("    delivery log (GET /subscriptions/" + s.id + "/deliveries): " + byStatus + ", " + attempts + " attempt(s)");
        }

        // ---- 6. before / after ----------------------------------------------------------------------------------------
        step("6. Before and after (time travel)");
        say("before: GET /towns/{code}/profile?asOf=" + since);
        say("after:  GET /towns/{code}/profile?release=" + releaseId);
        Set<String> affected = new LinkedHashSet<>(chosenCodes);
        gained.forEach(g -> affected.add(g.path("townCode").asText()));
        otherTransitions.forEach(g -> affected.add(g.path("townCode").asText()));
        Map<String, Long> revisions = new LinkedHashMap<>(); // profiles travel on their own topic: wait for them too
        for (JsonNode c : gained) {
            revisions.merge(c.path("townCode").asText(), c.path("profileRevision").asLong(), Math::max);
        }
        for (JsonNode c : otherTransitions) {
            revisions.merge(c.path("townCode").asText(), c.path("profileRevision").asLong(), Math::max);
        }
        await(timeout, () -> revisions.entrySet().stream().allMatch(e -> revisionOf(e.getKey()) >= e.getValue()));
        for (String code : affected) {
            JsonNode b = getJson(query + "/towns/" + code + "/profile?asOf=" + since);
            JsonNode a = getJson(query + "/towns/" + code + "/profile?release=" + enc(releaseId));
            printBeforeAfter(b, a, target, labels);
        }

        // ---- result ---------------------------------------------------------------------------------------------------
        step("Result");
        long chosenGained = gained.stream().filter(g -> chosenCodes.contains(g.path("townCode").asText())).count();
        int receivedTotal = subscribers.stream().mapToInt(s -> s.received.size()).sum();
        boolean everyoneTold = newsroom.distinct() >= gained.size() && councilSub.distinct() >= councilExpected;
        say(gained.size() + " town(s) gained " + target + " (" + chosenGained + " of the " + chosen.size() + " chosen); "
                + receivedTotal + " webhook(s) received, " + (allVerified ? "every signature verified" : "SOME SIGNATURES FAILED")
                + (everyoneTold ? "" : "; MISSING WEBHOOKS (newsroom expected " + gained.size() + ", council " + councilExpected + ")"));
        if (!target.equals(letter)) {
            say("NOTE: the scenario ran on " + target + " instead of " + letter + " (see step 2); the newer values are SYNTHETIC.");
        } else {
            say("NOTE: the newer values are SYNTHETIC (release " + releaseId + "), not official statistics.");
        }
        cleanUp();
        say("subscriptions deleted, receiver closed.");
        boolean ok = !gained.isEmpty() && allVerified && everyoneTold && receivedTotal > 0;
        say(ok ? "OK" : "FAILED");
        return ok ? 0 : 1;
    }

    /** Deletes this run's subscriptions (their receiver goes away with the demo) and stops the receiver; idempotent. */
    void cleanUp() {
        for (Subscriber s : subscribers) {
            try {
                send("DELETE", query + "/subscriptions/" + s.id, null);
            } catch (Exception e) {
                say("[demo] could not delete subscription " + s.id + " (the next run deletes it): " + e.getMessage());
            }
        }
        subscribers.clear();
        if (receiver != null) {
            receiver.stop(0);
            receiver = null;
        }
    }

    /**
     * Right after {@code deploy/run-local} says it is up, scoring-service may still be applying the bundled releases
     * and query-service materialising their changes: wait until every release ingest published has been applied
     * and every change is readable, so that the towns are chosen on the whole data.
     */
    private void awaitCaughtUp() throws Exception {
        Set<String> published = new LinkedHashSet<>();
        for (JsonNode d : getJson(ingest + "/releases")) {
            for (JsonNode e : getJson(ingest + "/releases/" + d.path("datasetId").asText()).path("editions")) {
                for (JsonNode v : e.path("versions")) {
                    if ("PUBLISHED".equals(v.path("status").asText())) {
                        published.add(v.path("id").asText());
                    }
                }
            }
        }
        long[] state = new long[3]; // applied, changes, materialised
        BooleanSupplier caughtUp = () -> {
            try {
                Set<String> applied = new LinkedHashSet<>();
                long changes = 0;
                for (JsonNode r : getJson(scoring + "/releases")) {
                    applied.add(r.path("releaseId").asText());
                    changes += r.path("changes").asLong();
                }
                state[0] = published.stream().filter(applied::contains).count();
                state[1] = changes;
                state[2] = total(query + "/changes?limit=1");
                return state[0] == published.size() && state[2] >= state[1];
            } catch (Exception e) {
                return false;
            }
        };
        if (!caughtUp.getAsBoolean()) {
            say(String.format(Locale.ROOT, "the system is still catching up (scoring applied %d of %d releases, query "
                    + "materialised %,d of %,d changes); waiting ...", state[0], published.size(), state[2], state[1]));
            if (!await(timeout.multipliedBy(3), caughtUp)) {
                throw new Stop(1, String.format(Locale.ROOT, "the system did not catch up within %d s (scoring applied %d "
                        + "of %d releases, query materialised %,d of %,d changes)", timeout.multipliedBy(3).toSeconds(),
                        state[0], published.size(), state[2], state[1]));
            }
        }
        say(String.format(Locale.ROOT, "all %d releases ingest published are applied by scoring-service and their %,d "
                + "changes are readable at query-service.", published.size(), state[1]));
    }

    // ---- choosing towns ----------------------------------------------------------------------------------------------

    /** Partial members of {@code letter} whose one unmet criterion a population estimate can meet, closest first. */
    static List<Candidate> candidates(JsonNode towns, String letter, Baseline baseline, Map<String, Row> previous,
                                      Map<String, String> labels) {
        List<Candidate> out = new ArrayList<>();
        for (JsonNode town : towns) {
            JsonNode ch = characteristic(town, letter);
            if (ch == null || !"PARTIAL".equals(ch.path("membership").asText())) {
                continue;
            }
            JsonNode unmet = null;
            int missing = 0;
            for (JsonNode c : ch.path("criteria")) {
                if (!c.path("met").asBoolean(false)) {
                    unmet = c;
                    missing++;
                }
            }
            if (missing != 1 || !LEVERS.containsKey(unmet.path("indicator").asText()) || !unmet.hasNonNull("value")
                    || !unmet.hasNonNull("threshold")) {
                continue;
            }
            String code = town.path("townCode").asText();
            String raw = LEVERS.get(unmet.path("indicator").asText());
            Double base = baseline.value(code, raw, BASE_PERIOD);
            if (base == null || base <= 0) {
                continue;
            }
            String comparison = unmet.path("comparison").asText();
            double threshold = unmet.path("threshold").asDouble();
            double target;
            if (comparison.startsWith("top") || comparison.startsWith("above")) {
                target = threshold + MARGIN;
            } else if (comparison.startsWith("bottom") || comparison.startsWith("below")) {
                target = threshold - MARGIN;
            } else {
                continue;
            }
            long newValue = Math.round(base * (1 + target / 100));
            if (newValue <= 0) {
                continue;
            }
            double achieved = 100.0 * (newValue - base) / base;
            String period = unmet.path("period").asText();
            String latestPeriod = period.contains("/") ? period.substring(period.indexOf('/') + 1) : period;
            Row prev = previous.get(new Row(code, "", raw, latestPeriod, 0).key());
            Double latest = prev != null ? Double.valueOf(prev.value) : baseline.value(code, raw, latestPeriod);
            out.add(new Candidate(code, town.path("name").asText(), town.path("region").asText(),
                    unmet.path("criterionId").asText(),
                    labels.getOrDefault(unmet.path("criterionId").asText(), ""), unmet.path("indicator").asText(), raw, comparison,
                    unmet.path("value").asDouble(), threshold, period, base, latestPeriod,
                    latest == null ? Double.NaN : latest, newValue, achieved));
        }
        out.sort(Comparator.comparingDouble((Candidate c) -> Math.abs(c.achieved - c.value)).thenComparing(c -> c.code));
        return out;
    }

    record Candidate(String code, String name, String region, String criterionId, String label, String indicator,
                     String raw, String comparison, double value, double threshold, String period, double base,
                     String latestPeriod, double latest, long newValue, double achieved) {
    }

    private static JsonNode characteristic(JsonNode town, String letter) {
        for (JsonNode ch : town.path("characteristics")) {
            if (letter.equalsIgnoreCase(ch.path("letter").asText()) || letter.equalsIgnoreCase(ch.path("characteristicId").asText())) {
                return ch;
            }
        }
        return null;
    }

    private static Map<String, Integer> memberships(JsonNode towns, String letter) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String m : List.of("FULL", "PARTIAL", "NONE", "INSUFFICIENT_DATA")) {
            counts.put(m, 0);
        }
        for (JsonNode town : towns) {
            JsonNode ch = characteristic(town, letter);
            if (ch != null) {
                counts.merge(ch.path("membership").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String describe(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((m, n) -> parts.add(String.format(Locale.ROOT, "%,d %s", n, m.toLowerCase(Locale.ROOT).replace('_', ' '))));
        return String.join(", ", parts);
    }

    private void explainNoCandidates(JsonNode definitions, JsonNode towns, String letter, Map<String, Integer> counts) {
        say(letter + " has no partial member that a newer population estimate can complete.");
        if (counts.get("INSUFFICIENT_DATA") > 0) {
            Map<String, Integer> noData = new LinkedHashMap<>();
            for (JsonNode town : towns) {
                JsonNode ch = characteristic(town, letter);
                if (ch == null) {
                    continue;
                }
                for (JsonNode c : ch.path("criteria")) {
                    if (!c.hasNonNull("value")) {
                        noData.merge(c.path("criterionId").asText() + " " + c.path("indicator").asText(), 1, Integer::sum);
                    }
                }
            }
            Map<String, String> labels = criterionLabels(definitions);
            noData.forEach((criterion, n) -> say(String.format(Locale.ROOT,
                    "  %s (%s, %s): no data for %,d of %,d towns", criterion.split(" ")[0],
                    labels.getOrDefault(criterion.split(" ")[0], "?"), criterion.split(" ")[1], n, towns.size())));
            say("  A criterion without data makes the town 'insufficient data', never partial or full; those series "
                    + "arrive as their own releases (Census small-area statistics, issue 7).");
        }
    }

    // ---- subscriptions, webhooks, stream ---------------------------------------------------------------------------

    static final class Subscriber {
        final String name;
        final String id;
        final String secret;
        final JsonNode filter;
        final List<WebhookVerifier.Result> received = new CopyOnWriteArrayList<>();
        final Set<String> ids = ConcurrentHashMap.newKeySet();

        Subscriber(String name, String id, String secret, JsonNode filter) {
            this.name = name;
            this.id = id;
            this.secret = secret;
            this.filter = filter;
        }

        int distinct() {
            return ids.size();
        }

        int verifiedCount() {
            return (int) received.stream().filter(WebhookVerifier.Result::verified).count();
        }
    }

    private static ObjectNode filter(List<String> characteristics, List<String> transitions, List<String> towns) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        if (!characteristics.isEmpty()) {
            characteristics.forEach(f.putArray("characteristics")::add);
        }
        if (!transitions.isEmpty()) {
            transitions.forEach(f.putArray("transitions")::add);
        }
        if (!towns.isEmpty()) {
            towns.forEach(f.putArray("towns")::add);
        }
        return f;
    }

    private void subscribe(String name, String callback, String description, ObjectNode filter) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("callbackUrl", callback).put("description", description);
        body.set("filter", filter);
        HttpResponse<String> r = send("POST", query + "/subscriptions", Json.writeString(body));
        if (r.statusCode() != 201) {
            throw new Stop(1, "POST /subscriptions answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode s = Json.MAPPER.readTree(r.body());
        String secret = s.path("secret").asText();
        subscribers.add(new Subscriber(name, s.path("id").asText(), secret, filter));
        say("POST " + query + "/subscriptions  (role subscriber, .run/tokens/subscriber.jwt)");
        say("  " + name + ": " + Json.writeString(body));
        say("  -> 201, id " + s.path("id").asText() + ", status " + s.path("status").asText() + ", secret "
                + secret.substring(0, Math.min(secret.length(), 12)) + "... (shown once; the receiver keeps it)");
    }

    private void cleanUpOldSubscriptions() throws Exception {
        JsonNode mine = getJson(query + "/subscriptions", true);
        int n = 0;
        for (JsonNode s : mine) {
            if (s.path("description").asText().startsWith("deploy/demo")) {
                send("DELETE", query + "/subscriptions/" + s.path("id").asText(), null);
                n++;
            }
        }
        if (n > 0) {
            say("deleted " + n + " subscription(s) left by an earlier, interrupted demo run");
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        try {
            String name = ex.getRequestURI().getPath().substring("/hooks/".length());
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Subscriber s = subscribers.stream().filter(x -> x.name.equals(name)).findFirst().orElse(null);
            if (s == null) {
                ex.sendResponseHeaders(410, -1); // an unknown receiver: tell the sender to stop
                return;
            }
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            WebhookVerifier.Result result = WebhookVerifier.verify(s.secret, id, ts, sig, body, Instant.now());
            s.received.add(result);
            boolean duplicate = !s.ids.add(String.valueOf(id));
            String what;
            try {
                JsonNode d = Json.MAPPER.readTree(body).path("data");
                what = d.path("townName").asText() + " " + d.path("letter").asText() + " " + d.path("previous").asText()
                        + " -> " + d.path("current").asText() + " (" + d.path("transition").asText() + ")";
            } catch (IOException e) {
                what = "unreadable body";
            }
            live("[webhook " + s.name + "] webhook-id " + id + ", webhook-timestamp " + ts + ": " + what + "  "
                    + (result.verified() ? result.reason() : "VERIFICATION FAILED: " + result.reason())
                    + (duplicate ? " (a re-delivery of the same webhook-id)" : ""));
            ex.sendResponseHeaders(result.verified() ? 204 : 401, -1);
        } finally {
            ex.close();
        }
    }

    private void openStream(String url) throws InterruptedException {
        HttpClient sse = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Thread t = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> r = sse.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                StringBuilder data = new StringBuilder();
                r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        onStreamed(data.toString());
                        data.setLength(0);
                    }
                });
            } catch (IOException e) {
                live("[stream] closed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-sse");
        t.setDaemon(true);
        t.start();
        Thread.sleep(1000); // the server answers its headers with the first event; give the request time to arrive
    }

    private void onStreamed(String json) {
        JsonNode c;
        try {
            c = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            live("[stream] unreadable event: " + json);
            return;
        }
        if ("EVIDENCE_CHANGED".equals(c.path("transition").asText())) {
            return; // the stream is filtered to membership transitions; evidence-only updates are not shown
        }
        streamed.add(c);
        if (streamedShown.incrementAndGet() <= LIVE_LINES) {
            live("[stream " + CLOCK.format(Instant.now()) + "] " + c.path("townName").asText() + " (" + c.path("townCode").asText()
                    + ") " + c.path("letter").asText() + " " + c.path("previous").asText() + " -> " + c.path("current").asText()
                    + " " + c.path("transition").asText() + ", caused by " + c.path("causedBy"));
        } else if (streamedShown.get() == LIVE_LINES + 1) {
            live("[stream] ... (further transitions counted, not shown)");
        }
    }

    private int streamedMembership() {
        return (int) streamed.stream().filter(c -> c.path("causedBy").toString().contains("\"" + releaseId + "\"")).count();
    }

    private List<JsonNode> causedByRelease(List<JsonNode> changes) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : changes) {
            for (JsonNode cause : c.path("causedBy")) {
                if (releaseId.equals(cause.asText())) {
                    out.add(c);
                }
            }
        }
        out.sort(Comparator.comparing(c -> c.path("townName").asText()));
        return out;
    }

    // ---- before / after ----------------------------------------------------------------------------------------------

    private void printBeforeAfter(JsonNode before, JsonNode after, String letter, Map<String, String> labels) {
        JsonNode b = characteristic(before, letter);
        JsonNode a = characteristic(after, letter);
        say("");
        say(after.path("townName").asText() + " (" + after.path("townCode").asText() + ", " + after.path("region").asText()
                + "), " + letter + " " + a.path("name").asText() + ": " + state(b) + "  ->  " + state(a)
                + "   (profile revision " + before.path("revision").asText() + " -> " + after.path("revision").asText() + ")");
        Map<String, JsonNode> beforeById = new LinkedHashMap<>();
        b.path("criteria").forEach(c -> beforeById.put(c.path("criterionId").asText(), c));
        for (JsonNode ca : a.path("criteria")) {
            String id = ca.path("criterionId").asText();
            JsonNode cb = beforeById.get(id);
            String head = "  " + pad(id + " " + labels.getOrDefault(id, ""), 36);
            String eb = evidence(cb);
            String ea = evidence(ca);
            if (eb.equals(ea)) {
                say(head + ea);
            } else {
                say(head + "before " + eb);
                say(pad("", 38) + "after  " + ea);
            }
        }
    }

    private static String state(JsonNode ch) {
        return ch == null ? "?" : ch.path("membership").asText() + " (" + ch.path("criteriaMet").asInt() + " of 4 met)";
    }

    private static String evidence(JsonNode c) {
        if (c == null) {
            return "-";
        }
        String indicator = c.path("indicator").asText();
        if (!c.hasNonNull("value")) {
            return indicator + ": no data (" + c.path("note").asText("") + ")";
        }
        String release = c.path("releaseId").asText();
        boolean synthetic = release.contains("synthetic");
        return indicator + " " + fmt(c.path("value").asDouble()) + " [" + c.path("period").asText() + "] "
                + op(c.path("comparison").asText()) + " " + fmt(c.path("threshold").asDouble()) + " ("
                + c.path("comparison").asText() + "): " + (c.path("met").asBoolean() ? "met" : "not met")
                + (synthetic ? "   <- SYNTHETIC " + release : "");
    }

    private static String op(String comparison) {
        if (comparison.startsWith("top")) {
            return ">=";
        }
        if (comparison.startsWith("bottom")) {
            return "<=";
        }
        if (comparison.startsWith("above")) {
            return ">";
        }
        if (comparison.startsWith("below")) {
            return "<";
        }
        return "vs";
    }

    private static Map<String, String> criterionLabels(JsonNode definitions) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode d : definitions.path("items")) {
            for (JsonNode c : d.path("criteria")) {
                out.put(c.path("id").asText(), c.path("label").asText());
            }
        }
        return out;
    }

    private static String letterOf(JsonNode definitions, String wanted) {
        for (JsonNode d : definitions.path("items")) {
            if (wanted.equalsIgnoreCase(d.path("letter").asText()) || wanted.equalsIgnoreCase(d.path("id").asText())) {
                return d.path("letter").asText();
            }
        }
        throw new Stop(2, "no characteristic " + wanted + " in the rulebook in force (GET /characteristics)");
    }

    private static String nameOf(JsonNode definitions, String letter) {
        for (JsonNode d : definitions.path("items")) {
            if (letter.equals(d.path("letter").asText())) {
                return "\"" + d.path("name").asText() + "\"";
            }
        }
        return "";
    }

    // ---- the release's rows ------------------------------------------------------------------------------------------

    record Row(String code, String name, String indicator, String period, long value) {
        String key() {
            return code + "|" + indicator + "|" + period;
        }
    }

    static String csv(Iterable<Row> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            out.append(r.code).append(',').append(quote(r.name)).append(',').append(r.indicator).append(',')
                    .append(r.period).append(',').append(r.value).append(",persons,\n");
        }
        return out.toString();
    }

    static Map<String, Row> parseRows(String csv) {
        Map<String, Row> out = new TreeMap<>();
        List<String> lines = csv.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = split(lines.get(i));
            if (f.size() >= 5 && !f.get(4).isBlank()) {
                Row r = new Row(f.get(0), f.get(1), f.get(2), f.get(3), Math.round(Double.parseDouble(f.get(4))));
                out.put(r.key(), r);
            }
        }
        return out;
    }

    /** The bundled Census release the local run loads: the 2001 base of each growth series. */
    static final class Baseline {
        private final Map<String, Double> values = new LinkedHashMap<>();

        static Baseline load(byte[] gzip) throws IOException {
            Baseline b = new Baseline();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                List<String> header = split(lines.get(0));
                int code = header.indexOf("AREACD");
                int indicator = header.indexOf("Indicator");
                int period = header.indexOf("Period");
                int value = header.indexOf("Observation");
                for (int i = 1; i < lines.size(); i++) {
                    List<String> f = split(lines.get(i));
                    if (f.size() > value && !f.get(value).isBlank()) {
                        b.values.put(f.get(code) + "|" + f.get(indicator) + "|" + f.get(period), Double.parseDouble(f.get(value)));
                    }
                }
            }
            return b;
        }

        Double value(String code, String indicator, String period) {
            return values.get(code + "|" + indicator + "|" + period);
        }
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    private JsonNode ingestRecord(String dataset, String edition, int version) {
        HttpResponse<String> r = tryGet(ingest + "/releases/" + dataset + "/" + edition + "/" + version);
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode appliedRelease(String id) {
        try {
            for (JsonNode r : getJson(scoring + "/releases")) {
                if (id.equals(r.path("releaseId").asText())) {
                    return r;
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private long revisionOf(String town) {
        try {
            return getJson(query + "/towns/" + town).path("revision").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private long total(String url) {
        try {
            return getJson(url).path("total").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every page of a list endpoint. */
    private List<JsonNode> getAll(String url) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = getJson(url + "&limit=1000&offset=" + offset);
            page.path("items").forEach(out::add);
            offset += page.path("items").size();
            if (page.path("items").isEmpty() || offset >= page.path("total").asLong()) {
                return out;
            }
        }
    }

    private JsonNode getJson(String url) throws Exception {
        return getJson(url, false);
    }

    private JsonNode getJson(String url, boolean authorised) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (authorised) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Stop(1, "GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    private byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new Stop(1, "GET " + url + " answered " + r.statusCode());
        }
        return r.body();
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tryGet(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode latest(JsonNode versions) {
        JsonNode best = null;
        for (JsonNode item : versions.path("items")) {
            if (best == null || item.path("version").asInt() > best.path("version").asInt()) {
                best = item;
            }
        }
        return best;
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    // ---- output ------------------------------------------------------------------------------------------------------

    private static void step(String title) {
        say("");
        say("== " + title + " " + "=".repeat(Math.max(3, 100 - title.length())));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void live(String line) {
        say("  " + line);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : "none";
    }

    private static String human(String isoDuration) {
        try {
            return Duration.parse(isoDuration).toSeconds() + " s";
        } catch (RuntimeException e) {
            return isoDuration;
        }
    }

    private static String secs(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.1f", Math.max(0, Duration.between(from, to).toMillis()) / 1000.0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Ends the demo with a message and an exit status. */
    static final class Stop extends RuntimeException {
        final int status;

        Stop(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
