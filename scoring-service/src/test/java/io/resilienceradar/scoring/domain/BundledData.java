package io.resilienceradar.scoring.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The releases bundled in the contracts module, read as the engine receives them (tidy CSV → observations). */
public final class BundledData {
    public record Release(ReleaseMetadata metadata, List<Observation> observations) {
    }

    private static List<Release> cached;

    private BundledData() {
    }

    public static synchronized List<Release> releases() {
        if (cached == null) {
            cached = load();
        }
        return cached;
    }

    public static ScoringEngine engineWithAll() {
        ScoringEngine engine = ScoringEngine.withBundledRulebook();
        releases().forEach(r -> engine.apply(r.metadata(), r.observations()));
        return engine;
    }

    private static List<Release> load() {
        try (InputStream in = resource("releases/index.json")) {
            JsonNode index = Json.MAPPER.readTree(in);
            List<Release> out = new ArrayList<>();
            for (JsonNode e : index.path("releases")) {
                var meta = new ReleaseMetadata(e.path("datasetId").asText(), e.path("edition").asText(),
                        e.path("version").asInt(), LocalDate.parse(e.path("releaseDate").asText()),
                        e.path("title").asText(), e.path("kind").asText(), e.path("source").asText(),
                        e.path("licence").asText(), e.path("sourceUrl").asText(), e.path("synthetic").asBoolean(),
                        List.of(), List.of());
                out.add(new Release(meta, read(e.path("file").asText(), !"observations".equals(meta.kind()))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Observation> read(String file, boolean textAllowed) throws IOException {
        List<Observation> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(resource("releases/" + file));
             MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                String raw = row.get("Observation");
                String status = row.getOrDefault("Observation Status", "");
                Double value = null;
                String text = null;
                if (!raw.isEmpty()) {
                    try {
                        value = Double.valueOf(raw);
                    } catch (NumberFormatException e) {
                        if (!textAllowed) {
                            throw e;
                        }
                        text = raw;
                    }
                }
                out.add(new Observation(row.get("Indicator"), row.get("AREACD"), row.get("Period"), value,
                        status.isEmpty() ? null : status, text));
            }
        }
        return out;
    }

    private static InputStream resource(String name) {
        InputStream in = BundledData.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no " + name + " on the classpath");
        }
        return in;
    }
}
