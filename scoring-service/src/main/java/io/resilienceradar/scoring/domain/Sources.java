package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the engine was given, with ONS version semantics: per dataset edition the highest version applied;
 * a higher version supersedes the lower (values it no longer carries disappear), a correction replaces only the
 * values it names, an older version is ignored. Registers and lookups are kept per dataset (the latest applied wins).
 */
final class Sources {
    /** indicator → area → period → value. */
    final Map<String, Map<String, TreeMap<String, Val>>> raw = new HashMap<>();
    final Map<String, Integer> versions = new HashMap<>();
    final Map<String, Map<String, Town>> registers = new HashMap<>();
    final Map<String, Map<String, LookupEntry>> lookups = new HashMap<>();
    /** Per lookup dataset: town → its local authority (for series published by local authority). */
    final Map<String, Map<String, String>> parents = new HashMap<>();
    private final Map<String, Set<Key>> bySource = new HashMap<>();

    record Key(String indicator, String area, String period) {
    }

    /** A small area's best-fit town and the weight (population) it carries in means and coverage. */
    record LookupEntry(String town, double weight) {
    }

    /** The (indicator, area) pairs whose values changed. */
    record Change(String indicator, String area) {
    }

    Sources copy() {
        Sources s = new Sources();
        raw.forEach((i, byArea) -> {
            Map<String, TreeMap<String, Val>> m = new HashMap<>();
            byArea.forEach((a, p) -> m.put(a, new TreeMap<>(p)));
            s.raw.put(i, m);
        });
        s.versions.putAll(versions);
        registers.forEach((k, v) -> s.registers.put(k, new LinkedHashMap<>(v)));
        lookups.forEach((k, v) -> s.lookups.put(k, new HashMap<>(v)));
        parents.forEach((k, v) -> s.parents.put(k, new HashMap<>(v)));
        bySource.forEach((k, v) -> s.bySource.put(k, new HashSet<>(v)));
        return s;
    }

    /** False when the release is an older or the same version of a dataset edition already applied. */
    boolean accept(ReleaseMetadata meta) {
        String key = meta.datasetId() + "/" + meta.edition();
        Integer applied = versions.get(key);
        if (applied != null && meta.version() <= applied) {
            return false;
        }
        versions.put(key, meta.version());
        return true;
    }

    void register(ReleaseMetadata meta, List<Observation> rows) {
        Map<String, Map<String, Observation>> byArea = new LinkedHashMap<>();
        for (Observation o : rows) {
            byArea.computeIfAbsent(o.areaCode(), k -> new HashMap<>()).put(o.indicator(), o);
        }
        Map<String, Town> towns = meta.isCorrection()
                ? new LinkedHashMap<>(registers.getOrDefault(meta.datasetId(), Map.of())) : new LinkedHashMap<>();
        byArea.forEach((code, attrs) -> {
            Town old = towns.get(code);
            towns.put(code, new Town(code, text(attrs, "name", old == null ? code : old.name()),
                    text(attrs, "region", old == null ? null : old.region()),
                    text(attrs, "country", old == null ? null : old.country()),
                    text(attrs, "size_class", old == null ? null : old.sizeClass()),
                    coastal(attrs.get("coastal"), old != null && old.coastal()),
                    number(attrs, "lat", old == null ? null : old.lat()),
                    number(attrs, "lng", old == null ? null : old.lng())));
        });
        registers.put(meta.datasetId(), towns);
    }

    void lookup(ReleaseMetadata meta, List<Observation> rows) {
        Map<String, String> town = new HashMap<>();
        Map<String, Double> weight = new HashMap<>();
        Map<String, String> parent = new HashMap<>();
        for (Observation o : rows) {
            if ("local_authority".equals(o.indicator()) && o.text() != null) {
                parent.put(o.areaCode(), o.text());
            } else if ("town".equals(o.indicator())) {
                town.put(o.areaCode(), o.text() != null ? o.text() : String.valueOf(o.value()));
            } else if ("weight".equals(o.indicator()) && o.value() != null) {
                weight.put(o.areaCode(), o.value());
            }
        }
        Map<String, LookupEntry> entries = meta.isCorrection()
                ? new HashMap<>(lookups.getOrDefault(meta.datasetId(), Map.of())) : new HashMap<>();
        town.forEach((area, t) -> entries.put(area, new LookupEntry(t, weight.getOrDefault(area, 1.0))));
        Map<String, String> parentEntries = meta.isCorrection()
                ? new HashMap<>(parents.getOrDefault(meta.datasetId(), Map.of())) : new HashMap<>();
        parentEntries.putAll(parent);
        if (!entries.isEmpty()) {
            lookups.put(meta.datasetId(), entries);
        } else {
            lookups.remove(meta.datasetId());
        }
        if (!parentEntries.isEmpty()) {
            parents.put(meta.datasetId(), parentEntries);
        } else {
            parents.remove(meta.datasetId());
        }
    }

    /** Applies an observations release; returns the (indicator, area) pairs whose values changed. */
    Set<Change> observations(ReleaseMetadata meta, List<Observation> rows) {
        String source = meta.datasetId() + "/" + meta.edition();
        Set<Key> owned = bySource.computeIfAbsent(source, k -> new HashSet<>());
        Set<Change> changed = new HashSet<>();
        Set<Key> incoming = new HashSet<>(rows.size() * 2);
        for (Observation o : rows) {
            Key key = new Key(o.indicator(), o.areaCode(), o.period());
            incoming.add(key);
            Val v = new Val(o.value(), o.status(), meta.releaseId(), null);
            TreeMap<String, Val> periods = raw.computeIfAbsent(o.indicator(), k -> new HashMap<>())
                    .computeIfAbsent(o.areaCode(), k -> new TreeMap<>());
            if (!v.equals(periods.put(o.period(), v))) {
                changed.add(new Change(o.indicator(), o.areaCode()));
            }
        }
        if (!meta.isCorrection()) {
            List<Key> gone = new ArrayList<>();
            for (Key k : owned) {
                if (!incoming.contains(k)) {
                    gone.add(k);
                }
            }
            for (Key k : gone) {
                owned.remove(k);
                Map<String, TreeMap<String, Val>> byArea = raw.get(k.indicator());
                TreeMap<String, Val> periods = byArea == null ? null : byArea.get(k.area());
                Val current = periods == null ? null : periods.get(k.period());
                if (current != null && current.releaseId().startsWith(source + "/")) {
                    periods.remove(k.period());
                    if (periods.isEmpty()) {
                        byArea.remove(k.area());
                    }
                    changed.add(new Change(k.indicator(), k.area()));
                }
            }
        }
        owned.addAll(incoming);
        return changed;
    }

    /** Town → local authority from every lookup (datasets later in name order win a conflict). */
    Map<String, String> mergedParents() {
        Map<String, String> merged = new HashMap<>();
        new TreeMap<>(parents).values().forEach(merged::putAll);
        return merged;
    }

    private static String text(Map<String, Observation> attrs, String name, String fallback) {
        Observation o = attrs.get(name);
        if (o == null) {
            return fallback;
        }
        return o.text() != null ? o.text() : o.value() == null ? fallback : String.valueOf(o.value());
    }

    private static Double number(Map<String, Observation> attrs, String name, Double fallback) {
        Observation o = attrs.get(name);
        return o == null || o.value() == null ? fallback : o.value();
    }

    private static boolean coastal(Observation o, boolean fallback) {
        if (o == null) {
            return fallback;
        }
        if (o.value() != null) {
            return o.value() != 0;
        }
        String t = o.text() == null ? "" : o.text().trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals("coastal") || t.equals("true") || t.equals("yes");
    }
}
