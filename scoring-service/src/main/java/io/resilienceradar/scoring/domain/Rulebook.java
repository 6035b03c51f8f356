package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.RulebookPublished;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declarative definition of the characteristics and the indicator catalogue they use: data, versioned, loaded
 * from YAML ({@link RulebookYaml} reads and validates it). The bundled default is {@code rulebook/rulebook.yaml}.
 */
public record Rulebook(String version, String description, Map<String, Indicator> indicators,
                       List<Characteristic> characteristics) {

    public static final String BUNDLED = "rulebook/rulebook.yaml";

    public Rulebook {
        indicators = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indicators));
        characteristics = List.copyOf(characteristics);
    }

    public static Rulebook load(InputStream in) {
        try {
            return RulebookYaml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled rulebook, parsed and validated on first use: it is immutable, so every caller shares it. */
    private static volatile Rulebook bundled;

    public static Rulebook bundled() {
        Rulebook r = bundled;
        if (r == null) {
            synchronized (Rulebook.class) {
                if (bundled == null) {
                    bundled = readBundled();
                }
                r = bundled;
            }
        }
        return r;
    }

    private static Rulebook readBundled() {
        try (InputStream in = Rulebook.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no " + BUNDLED + " on the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int criteriaCount() {
        return characteristics.stream().mapToInt(c -> c.criteria().size()).sum();
    }

    /** The rulebook as query-service explains it. */
    public RulebookPublished toPublished() {
        List<RulebookPublished.Definition> defs = new ArrayList<>();
        for (Characteristic c : characteristics) {
            List<RulebookPublished.Criterion> criteria = new ArrayList<>();
            for (Criterion k : c.criteria()) {
                List<String> gates = new ArrayList<>();
                if (!k.countries().isEmpty()) {
                    gates.add("countries: " + String.join(", ", k.countries()));
                }
                for (Criterion.Substitute s : k.substitutes()) {
                    gates.add(s.country() + ": " + s.indicator() + " " + s.comparison().describe());
                }
                criteria.add(new RulebookPublished.Criterion(k.id(), k.label(), k.indicator(),
                        k.comparison().describe(), gates, k.assumption()));
            }
            List<String> assumptions = new ArrayList<>(c.assumptions());
            c.gates().forEach(g -> assumptions.add("gate: " + g + " towns only"));
            defs.add(new RulebookPublished.Definition(c.id(), c.letter(), c.name(), c.description(),
                    c.sourceReference(), c.provisional(), criteria, assumptions));
        }
        return new RulebookPublished(RulebookPublished.SCHEMA_VERSION, version, null, defs);
    }
}
