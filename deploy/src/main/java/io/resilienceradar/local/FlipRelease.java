package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Small releases that flip one town's membership back and forth, for the end-to-end release → webhook benchmark:
 * the town is a partial member whose only unmet criterion a population estimate moves (the demo's choice, {@link
 * Demo#candidates}); an odd version carries an estimate that meets it (the town gains the characteristic), an even
 * one the town's latest real value (it loses it again). SYNTHETIC values, flagged as such.
 */
public final class FlipRelease {
    public static final String DATASET = LocalDatasetApi.DATASET;
    public static final String EDITION = "bench-mid-2024";

    private final Demo.Candidate town;

    private FlipRelease(Demo.Candidate town) {
        this.town = town;
    }

    /**
     * Chooses the town from scoring-service's {@code GET /towns} and query-service's {@code GET /characteristics},
     * for the first characteristic that has a candidate; null when none has.
     */
    public static FlipRelease choose(JsonNode scoringTowns, JsonNode definitions) {
        try {
            Demo.Baseline baseline = Demo.Baseline.load(BundledReleases.resource("releases/bua2022-population.csv.gz"));
            for (JsonNode d : definitions.path("items")) {
                List<Demo.Candidate> c = Demo.candidates(scoringTowns, d.path("letter").asText(), baseline,
                        java.util.Map.of(), java.util.Map.of());
                if (!c.isEmpty()) {
                    return new FlipRelease(c.get(0));
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String townCode() {
        return town.code();
    }

    public String describe() {
        return town.name() + " (" + town.code() + "): " + town.criterionId() + " " + town.indicator() + " "
                + town.value() + " vs threshold " + town.threshold() + " (" + town.comparison() + ")";
    }

    public String releaseId(int version) {
        return DATASET + "/" + EDITION + "/" + version;
    }

    /** POST /releases at ingest-service for version {@code version} (odd: meets the criterion, even: does not). */
    public HttpRequest publish(String ingestUrl, String token, int version) {
        long value = version % 2 == 1 ? town.newValue() : Math.round(Double.isNaN(town.latest()) ? town.base() : town.latest());
        String csv = Demo.csv(List.of(new Demo.Row(town.code(), town.name(), town.raw(), Demo.NEW_PERIOD, value)));
        String query = "?dataset=" + enc(DATASET) + "&edition=" + enc(EDITION) + "&version=" + version
                + "&kind=observations&releaseDate=" + LocalDate.now() + "&title="
                + enc("SYNTHETIC benchmark population estimate, version " + version)
                + "&source=" + enc("deploy FlipRelease (synthetic)") + "&licence=" + enc("synthetic benchmark data")
                + "&synthetic=true";
        return HttpRequest.newBuilder(URI.create(ingestUrl + "/releases" + query))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/gzip")
                .timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(csv)))
                .build();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
