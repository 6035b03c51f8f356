package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the engine was given, with ONS version semantics: per dataset edition the highest version applied;
 * a higher version supersedes the lower (values it no longer carries disappear), a correction replaces only the
 * values it names, an older version is ignored. Registers and lookups are kept per dataset (the latest applied wins).
 */
final class Sources {
    /** Area codes (towns, small areas, authorities) → the dense index of every raw column. */
    final Codes areas;
    /** Release ids → the index each raw value carries. */
    final Codes releases;
    /** indicator → its values by period and area index. */
    final Map<String, RawSeries> raw;
    final Map<String, Integer> versions = new HashMap<>();
    final Map<String, Map<String, Town>> registers = new HashMap<>();
    /**
     * Per lookup dataset, its entries compiled to arrays in area-code order when the lookup release arrives (never
     * modified afterwards, so shared by copies).
     */
    final Map<String, Compiled> lookups = new HashMap<>();
    /** Per lookup dataset: town → its local authority (for series published by local authority). */
    final Map<String, Map<String, String>> parents = new HashMap<>();
    /**
     * One lookup's entries in area-code order: each small area's index, its best-fit town and the weight
     * (population) it carries in means and coverage.
     */
    record Compiled(int[] area, String[] town, double[] weight) {
    }

    Sources() {
        areas = new Codes();
        releases = new Codes();
        raw = new HashMap<>();
    }

    private Sources(Sources s) {
        areas = s.areas.copy();
        releases = s.releases.copy();
        raw = new HashMap<>();
        s.raw.forEach((i, series) -> raw.put(i, series.copy()));
        versions.putAll(s.versions);
        s.registers.forEach((k, v) -> registers.put(k, new LinkedHashMap<>(v)));
        lookups.putAll(s.lookups);
        s.parents.forEach((k, v) -> parents.put(k, new HashMap<>(v)));
    }

    Sources copy() {
        return new Sources(this);
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
        // by area index, starting from the lookup in force when this is a correction (it replaces named areas only)
        int size = areas.size() + rows.size();
        String[] town = new String[size];
        double[] weight = new double[size];
        List<String> listed = new ArrayList<>();
        Compiled previous = meta.isCorrection() ? lookups.get(meta.datasetId()) : null;
        if (previous != null) {
            for (int a = 0; a < previous.area().length; a++) {
                town[previous.area()[a]] = previous.town()[a];
                weight[previous.area()[a]] = previous.weight()[a];
                listed.add(areas.code(previous.area()[a]));
            }
        }
        Map<String, String> parent = new HashMap<>();
        Map<String, String> townCodes = new HashMap<>();
        double[] named = new double[size];
        java.util.Arrays.fill(named, Double.NaN);
        BitSet renamed = new BitSet();
        for (Observation o : rows) {
            if ("local_authority".equals(o.indicator()) && o.text() != null) {
                parent.put(o.areaCode(), o.text());
            } else if ("town".equals(o.indicator())) {
                int a = areas.add(o.areaCode());
                if (town[a] == null) {
                    listed.add(o.areaCode());
                }
                String t = o.text() != null ? o.text() : String.valueOf(o.value());
                // one String per town: the resolver's town-index lookups then hash each town once
                town[a] = townCodes.computeIfAbsent(t, x -> x);
                renamed.set(a);
            } else if ("weight".equals(o.indicator()) && o.value() != null) {
                named[areas.add(o.areaCode())] = o.value();
            }
        }
        // an area this release names takes this release's weight, 1 when it gives none
        for (int a = renamed.nextSetBit(0); a >= 0; a = renamed.nextSetBit(a + 1)) {
            weight[a] = Double.isNaN(named[a]) ? 1.0 : named[a];
        }
        String[] codes = listed.toArray(String[]::new);
        java.util.Arrays.sort(codes);
        Compiled c = new Compiled(new int[codes.length], new String[codes.length], new double[codes.length]);
        for (int i = 0; i < codes.length; i++) {
            int a = areas.find(codes[i]);
            c.area()[i] = a;
            c.town()[i] = town[a];
            c.weight()[i] = weight[a];
        }
        Map<String, String> parentEntries = meta.isCorrection()
                ? new HashMap<>(parents.getOrDefault(meta.datasetId(), Map.of())) : new HashMap<>();
        parentEntries.putAll(parent);
        if (codes.length > 0) {
            lookups.put(meta.datasetId(), c);
        } else {
            lookups.remove(meta.datasetId());
        }
        if (!parentEntries.isEmpty()) {
            parents.put(meta.datasetId(), parentEntries);
        } else {
            parents.remove(meta.datasetId());
        }
    }

    /**
     * Applies an observations release; returns indicator → the indexes of the areas whose values changed. A release
     * that is not a correction supersedes its dataset edition: values an earlier version of it set that this one
     * does not carry disappear (values another release has overwritten since stay).
     */
    Map<String, BitSet> observations(ReleaseMetadata meta, List<Observation> rows) {
        String source = meta.datasetId() + "/" + meta.edition();
        int rel = releases.add(meta.releaseId());
        Map<String, BitSet> changed = new HashMap<>();
        String lastIndicator = null;
        String lastPeriod = null;
        RawSeries.Column column = null;
        BitSet changes = null;
        for (Observation o : rows) {
            if (!o.indicator().equals(lastIndicator) || !o.period().equals(lastPeriod)) {
                lastIndicator = o.indicator();
                lastPeriod = o.period();
                column = raw.computeIfAbsent(lastIndicator, k -> new RawSeries()).columnOrNew(lastPeriod);
                changes = changed.computeIfAbsent(lastIndicator, k -> new BitSet());
            }
            int area = areas.add(o.areaCode());
            if (column.put(area, o.value(), o.status(), rel)) {
                changes.set(area);
            }
        }
        if (!meta.isCorrection()) {
            // the release ids of this dataset edition's earlier versions (as the release id starts with it)
            BitSet earlier = new BitSet();
            for (int r = 0; r < releases.size(); r++) {
                if (r != rel && releases.code(r).startsWith(source + "/")) {
                    earlier.set(r);
                }
            }
            if (!earlier.isEmpty()) {
                raw.forEach((indicator, series) -> {
                    List<String> emptied = new ArrayList<>();
                    series.periods.forEach((period, c) -> {
                        if (!c.releases.intersects(earlier)) {
                            return;
                        }
                        for (int a = 0; a < c.release.length; a++) {
                            int r = c.release[a];
                            if (r >= 0 && r != rel && earlier.get(r)) {
                                c.remove(a);
                                changed.computeIfAbsent(indicator, k -> new BitSet()).set(a);
                            }
                        }
                        if (c.count == 0) {
                            emptied.add(period);
                        }
                    });
                    emptied.forEach(series::dropIfEmpty);
                });
            }
        }
        changed.values().removeIf(BitSet::isEmpty);
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
