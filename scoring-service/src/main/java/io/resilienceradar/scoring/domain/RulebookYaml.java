package io.resilienceradar.scoring.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a rulebook from YAML and validates it, collecting every problem before failing. */
final class RulebookYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> POLARITIES = Set.of("higher-worse", "higher-better", "neutral");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "mean", "share", "inherit");
    private static final Set<String> DERIVATIONS = Set.of("change_pct", "change_points", "share", "ratio");
    private static final List<String> GATES = List.of("coastal", "england", "wales");

    private final List<String> problems = new ArrayList<>();

    private RulebookYaml() {
    }

    static Rulebook read(InputStream in) throws IOException {
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new RulebookException(List.of("rulebook: not a YAML mapping"));
        }
        return new RulebookYaml().parse(root);
    }

    private Rulebook parse(JsonNode root) {
        String version = text(root, "version", "rulebook");
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        for (JsonNode n : root.path("indicators")) {
            Indicator i = indicator(n);
            if (i.id() != null && indicators.put(i.id(), i) != null) {
                problems.add("indicator " + i.id() + ": duplicate id");
            }
        }
        if (indicators.isEmpty()) {
            problems.add("rulebook: no indicators");
        }
        for (Indicator i : indicators.values()) {
            for (String input : i.inputs()) {
                if (input != null && !indicators.containsKey(input)) {
                    problems.add("indicator " + i.id() + ", field derived: unknown input indicator '" + input + "'");
                }
            }
        }
        checkAcyclic(indicators);
        List<Characteristic> characteristics = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> letters = new HashSet<>();
        for (JsonNode n : root.path("characteristics")) {
            Characteristic c = characteristic(n, indicators);
            if (c.id() != null && !ids.add(c.id())) {
                problems.add("characteristic " + c.id() + ": duplicate id");
            }
            if (c.letter() != null && !letters.add(c.letter())) {
                problems.add("characteristic " + c.id() + ", field letter: duplicate letter " + c.letter());
            }
            characteristics.add(c);
        }
        if (characteristics.isEmpty()) {
            problems.add("rulebook: no characteristics");
        }
        if (!problems.isEmpty()) {
            throw new RulebookException(problems);
        }
        return new Rulebook(version, root.path("description").asText(""), indicators, characteristics);
    }

    private Indicator indicator(JsonNode n) {
        String id = text(n, "id", "indicator");
        String where = "indicator " + id;
        String polarity = n.path("polarity").asText("neutral");
        if (!POLARITIES.contains(polarity)) {
            problems.add(where + ", field polarity: '" + polarity + "' is not one of " + POLARITIES);
        }
        Indicator.Derivation derived = null;
        if (n.has("derived")) {
            JsonNode d = n.get("derived");
            String type = d.path("type").asText(null);
            if (!DERIVATIONS.contains(type)) {
                problems.add(where + ", field derived.type: '" + type + "' is not one of " + DERIVATIONS);
            } else if (type.startsWith("change")) {
                if (!d.hasNonNull("of") || !d.hasNonNull("from")) {
                    problems.add(where + ", field derived: " + type + " needs 'of' and 'from'");
                }
            } else if (!d.hasNonNull("numerator") || !d.hasNonNull("denominator")) {
                problems.add(where + ", field derived: " + type + " needs 'numerator' and 'denominator'");
            }
            derived = new Indicator.Derivation(type, d.path("of").asText(null), d.path("from").asText(null),
                    d.path("numerator").asText(null), d.path("denominator").asText(null), d.path("scale").asDouble(1));
        }
        String aggregation = n.path("aggregation").asText(derived == null ? "mean" : null);
        if (derived == null && !AGGREGATIONS.contains(aggregation)) {
            problems.add(where + ", field aggregation: '" + aggregation + "' is not one of " + AGGREGATIONS);
        }
        if ("share".equals(aggregation) && (!n.hasNonNull("numerator") || !n.hasNonNull("denominator"))) {
            problems.add(where + ", field aggregation: share needs 'numerator' and 'denominator'");
        }
        return new Indicator(id, n.path("label").asText(id), n.path("unit").asText(""), polarity,
                n.path("source").asText(""), n.path("licence").asText(""), n.path("geography").asText("town"),
                aggregation, n.path("numerator").asText(null), n.path("denominator").asText(null), derived);
    }

    private void checkAcyclic(Map<String, Indicator> indicators) {
        Set<String> done = new HashSet<>();
        for (String id : indicators.keySet()) {
            visit(id, indicators, done, new HashSet<>());
        }
    }

    private void visit(String id, Map<String, Indicator> all, Set<String> done, Set<String> path) {
        if (done.contains(id) || !all.containsKey(id)) {
            return;
        }
        if (!path.add(id)) {
            problems.add("indicator " + id + ", field derived: derivation cycle through " + path);
            return;
        }
        for (String input : all.get(id).inputs()) {
            visit(input, all, done, path);
        }
        path.remove(id);
        done.add(id);
    }

    private Characteristic characteristic(JsonNode n, Map<String, Indicator> indicators) {
        String id = text(n, "id", "characteristic");
        String where = "characteristic " + (n.hasNonNull("letter") ? n.get("letter").asText() + " (" + id + ")" : id);
        String letter = text(n, "letter", where);
        String name = text(n, "name", where);
        List<String> gates = strings(n.path("gates"));
        for (String g : gates) {
            if (!GATES.contains(g)) {
                problems.add(where + ", field gates: unknown gate '" + g + "' (one of " + GATES + ")");
            }
        }
        List<Criterion> criteria = new ArrayList<>();
        Set<String> criterionIds = new HashSet<>();
        for (JsonNode k : n.path("criteria")) {
            Criterion c = criterion(k, where, indicators);
            if (c.id() != null && !criterionIds.add(c.id())) {
                problems.add(where + ", criterion " + c.id() + ": duplicate id");
            }
            criteria.add(c);
        }
        if (criteria.size() != 4) {
            problems.add(where + ", field criteria: " + criteria.size() + " criteria, the model has four");
        }
        return new Characteristic(id, letter, name, n.path("description").asText(""), n.path("source").asText(""),
                n.path("provisional").asBoolean(false), gates, criteria, strings(n.path("assumptions")));
    }

    private Criterion criterion(JsonNode k, String characteristic, Map<String, Indicator> indicators) {
        String id = text(k, "id", characteristic + ", criterion");
        String where = characteristic + ", criterion " + id;
        String indicator = text(k, "indicator", where);
        if (indicator != null && !indicators.containsKey(indicator)) {
            problems.add(where + ", field indicator: unknown indicator '" + indicator + "'");
        }
        Comparison comparison = comparison(k, where);
        List<Criterion.Substitute> substitutes = new ArrayList<>();
        for (JsonNode s : k.path("substitutes")) {
            String sw = where + ", substitute for " + s.path("country").asText("?");
            String si = text(s, "indicator", sw);
            if (si != null && !indicators.containsKey(si)) {
                problems.add(sw + ", field indicator: unknown indicator '" + si + "'");
            }
            substitutes.add(new Criterion.Substitute(text(s, "country", sw), si, comparison(s, sw)));
        }
        return new Criterion(id, k.path("label").asText(id), indicator, comparison, strings(k.path("countries")),
                substitutes, k.path("assumption").asText(null));
    }

    private Comparison comparison(JsonNode k, String where) {
        String raw = text(k, "compare", where);
        if (raw == null) {
            return new Comparison(Comparison.Type.ABOVE_MEAN, 0);
        }
        Comparison.Type type;
        try {
            type = Comparison.Type.parse(raw);
        } catch (IllegalArgumentException e) {
            problems.add(where + ", field compare: '" + raw + "' is not one of above_mean, below_mean, top_percent, "
                    + "bottom_percent, z_above, z_below, equals, above_value, below_value");
            return new Comparison(Comparison.Type.ABOVE_MEAN, 0);
        }
        if (type.needsValue() && !k.path("value").isNumber()) {
            problems.add(where + ", field value: " + raw + " needs a numeric value");
        }
        double value = k.path("value").asDouble(0);
        if ((type == Comparison.Type.TOP_PERCENT || type == Comparison.Type.BOTTOM_PERCENT) && (value <= 0 || value > 100)) {
            problems.add(where + ", field value: percent must be in (0, 100], was " + value);
        }
        return new Comparison(type, value);
    }

    private String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            problems.add(where + ": missing field " + field);
            return null;
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }
}
