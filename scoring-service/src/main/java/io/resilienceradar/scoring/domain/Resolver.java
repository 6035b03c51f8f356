package io.resilienceradar.scoring.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Town-level values of every catalogue indicator: town-level observations as published, small-area observations
 * aggregated through the lookup (sum, population-weighted mean, or a share of summed numerator and denominator,
 * with the coverage kept as evidence), and derived indicators computed from those. Recomputes only what a change
 * reaches, in dependency order.
 */
final class Resolver {
    private static final NavigableMap<String, Val> NONE = java.util.Collections.emptyNavigableMap();

    private final Rulebook rulebook;
    private final EngineSettings settings;
    private final Sources sources;
    private final Set<String> towns;
    /**
     * town → lookup dataset → its small areas, compiled once per lookup version (each lookup is one geography: LSOA
     * 2011, MSOA 2021, ...).
     */
    private final Map<String, Map<String, Areas>> areasOfTown = new HashMap<>();
    /** small area → the towns any lookup maps it to. */
    private final Map<String, Set<String>> townsOfArea = new HashMap<>();
    /** town → local authority, and back. */
    private final Map<String, String> parentOfTown;
    private final Map<String, Set<String>> townsOfParent = new HashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Map<String, List<String>> dependents = new HashMap<>();
    /** indicator → town → period → value. */
    private final Map<String, Map<String, NavigableMap<String, Val>>> resolved = new HashMap<>();
    /** town code → its index in the universe, the index of every {@link Column}. */
    private final Map<String, Integer> index;
    private final Map<String, Column> columns = new HashMap<>();

    /**
     * One town's small areas in one lookup, in code order, with their weights and the total weight: compiled once
     * when the lookup arrives, so aggregating a series reads arrays rather than looking every area's weight up twice.
     */
    record Areas(String[] codes, double[] weights, double total) {
        static Areas of(List<String> codes, Map<String, Sources.LookupEntry> lookup) {
            String[] sorted = codes.toArray(String[]::new);
            java.util.Arrays.sort(sorted);
            double[] weights = new double[sorted.length];
            double total = 0;
            for (int a = 0; a < sorted.length; a++) {
                Sources.LookupEntry e = lookup.get(sorted[a]);
                weights[a] = e == null ? 1 : e.weight();
                total += weights[a];
            }
            return new Areas(sorted, weights, total);
        }

        /** A town that publishes the series itself: its one "area", weight 1. */
        static Areas itself(String town) {
            return new Areas(new String[]{town}, new double[]{1}, 1);
        }
    }

    /**
     * The latest value of one indicator and its period, by town index: what scoring reads for every town and
     * criterion, so it costs an array access, not two string-keyed lookups. Kept in step by {@link #update}.
     */
    static final class Column {
        final Val[] latest;
        final String[] period;

        private Column(int towns) {
            latest = new Val[towns];
            period = new String[towns];
        }

        private void set(int town, NavigableMap<String, Val> values) {
            boolean none = values == null || values.isEmpty();
            latest[town] = none ? null : values.lastEntry().getValue();
            period[town] = none ? null : values.lastKey();
        }

        /** The latest value as a number; NaN when there is none or it carries no number. */
        double value(int town) {
            Val v = latest[town];
            return v == null || v.value() == null ? Double.NaN : v.value();
        }
    }

    Resolver(Rulebook rulebook, EngineSettings settings, Sources sources, Map<String, Integer> index) {
        this.rulebook = rulebook;
        this.settings = settings;
        this.sources = sources;
        this.index = Map.copyOf(index);
        this.towns = new HashSet<>(index.keySet());
        Map<String, Map<String, List<String>>> listed = new HashMap<>();
        new java.util.TreeMap<>(sources.lookups).forEach((dataset, entries) -> entries.forEach((area, e) -> {
            if (this.towns.contains(e.town())) {
                listed.computeIfAbsent(e.town(), k -> new java.util.TreeMap<>())
                        .computeIfAbsent(dataset, k -> new ArrayList<>()).add(area);
                townsOfArea.computeIfAbsent(area, k -> new HashSet<>(2)).add(e.town());
            }
        }));
        listed.forEach((town, byDataset) -> {
            Map<String, Areas> compiled = new java.util.TreeMap<>();
            byDataset.forEach((dataset, areas) -> compiled.put(dataset, Areas.of(areas, sources.lookups.get(dataset))));
            areasOfTown.put(town, compiled);
        });
        this.parentOfTown = sources.mergedParents();
        parentOfTown.forEach((town, parent) -> {
            if (this.towns.contains(town)) {
                townsOfParent.computeIfAbsent(parent, k -> new HashSet<>()).add(town);
            }
        });
        Set<String> seen = new LinkedHashSet<>();
        rulebook.indicators().keySet().forEach(id -> topo(id, seen));
        order.addAll(seen);
        for (Indicator i : rulebook.indicators().values()) {
            for (String input : i.inputs()) {
                dependents.computeIfAbsent(input, k -> new ArrayList<>()).add(i.id());
            }
        }
    }

    private void topo(String id, Set<String> seen) {
        if (seen.contains(id) || !rulebook.indicators().containsKey(id)) {
            return;
        }
        rulebook.indicators().get(id).inputs().forEach(i -> topo(i, seen));
        seen.add(id);
    }

    /** Resolves every indicator for every town. */
    void all() {
        for (String indicator : order) {
            Map<String, NavigableMap<String, Val>> byTown = new HashMap<>();
            for (String town : towns) {
                NavigableMap<String, Val> v = compute(indicator, town);
                if (!v.isEmpty()) {
                    byTown.put(town, v);
                }
            }
            resolved.put(indicator, byTown);
        }
    }

    /** The column of {@code indicator}, built on first use. */
    Column column(String indicator) {
        Column c = columns.get(indicator);
        if (c == null) {
            c = new Column(index.size());
            for (Map.Entry<String, NavigableMap<String, Val>> e
                    : resolved.getOrDefault(indicator, Map.of()).entrySet()) {
                c.set(index.get(e.getKey()), e.getValue());
            }
            columns.put(indicator, c);
        }
        return c;
    }

    /** The rulebook whose indicator catalogue this resolver resolves. */
    Rulebook rulebook() {
        return rulebook;
    }

    /** The latest value of {@code indicator} for {@code town}, or null when there is none. */
    Val latest(String indicator, String town) {
        Map<String, NavigableMap<String, Val>> byTown = resolved.get(indicator);
        NavigableMap<String, Val> m = byTown == null ? null : byTown.get(town);
        return m == null || m.isEmpty() ? null : m.lastEntry().getValue();
    }

    /** The period of the latest value of {@code indicator} for {@code town}, or null. */
    String latestPeriod(String indicator, String town) {
        Map<String, NavigableMap<String, Val>> byTown = resolved.get(indicator);
        NavigableMap<String, Val> m = byTown == null ? null : byTown.get(town);
        return m == null || m.isEmpty() ? null : m.lastKey();
    }

    /** Re-resolves what the changed raw values reach; returns indicator → towns whose resolved values changed. */
    Map<String, Set<String>> update(Set<Sources.Change> changes) {
        Map<String, Set<String>> dirty = new HashMap<>();
        for (Sources.Change c : changes) {
            // the towns an area's observation can reach: the town itself, via a lookup, or as their authority
            boolean inCatalogue = rulebook.indicators().containsKey(c.indicator());
            List<String> ds = dependents.getOrDefault(c.indicator(), List.of());
            if (towns.contains(c.area())) {
                reach(dirty, c.area(), c.indicator(), inCatalogue, ds);
            }
            for (String town : townsOfArea.getOrDefault(c.area(), Set.of())) {
                reach(dirty, town, c.indicator(), inCatalogue, ds);
            }
            for (String town : townsOfParent.getOrDefault(c.area(), Set.of())) {
                reach(dirty, town, c.indicator(), inCatalogue, ds);
            }
        }
        Map<String, Set<String>> changed = new HashMap<>();
        for (String indicator : order) {
            Set<String> ts = dirty.get(indicator);
            if (ts == null) {
                continue;
            }
            Map<String, NavigableMap<String, Val>> byTown = resolved.computeIfAbsent(indicator, k -> new HashMap<>());
            for (String town : ts) {
                NavigableMap<String, Val> v = compute(indicator, town);
                NavigableMap<String, Val> old = byTown.getOrDefault(town, NONE);
                if (!v.equals(old)) {
                    if (v.isEmpty()) {
                        byTown.remove(town);
                    } else {
                        byTown.put(town, v);
                    }
                    changed.computeIfAbsent(indicator, k -> new HashSet<>()).add(town);
                    Column column = columns.get(indicator);
                    if (column != null) {
                        column.set(index.get(town), v);
                    }
                    for (String d : dependents.getOrDefault(indicator, List.of())) {
                        dirty.computeIfAbsent(d, k -> new HashSet<>()).add(town);
                    }
                }
            }
        }
        return changed;
    }

    private static void reach(Map<String, Set<String>> dirty, String town, String indicator, boolean inCatalogue,
                              List<String> dependents) {
        if (inCatalogue) {
            dirty.computeIfAbsent(indicator, k -> new HashSet<>()).add(town);
        }
        // a raw series that only feeds a share aggregation is not itself in the catalogue's order
        for (String d : dependents) {
            dirty.computeIfAbsent(d, k -> new HashSet<>()).add(town);
        }
    }

    private NavigableMap<String, Val> compute(String id, String town) {
        Indicator i = rulebook.indicators().get(id);
        if (i.isDerived()) {
            return derive(i, town);
        }
        if ("share".equals(i.aggregation())) {
            return share(i, town);
        }
        Map<String, TreeMap<String, Val>> byArea = sources.raw.get(id);
        if (byArea == null) {
            return NONE;
        }
        TreeMap<String, Val> direct = byArea.get(town);
        if (direct != null) {
            return new TreeMap<>(direct);
        }
        if ("inherit".equals(i.aggregation())) {
            return inherit(town, byArea);
        }
        return aggregate(i, town, byArea);
    }

    /** A series published by local authority: the town takes its authority's value, and says so. */
    private NavigableMap<String, Val> inherit(String town, Map<String, TreeMap<String, Val>> byArea) {
        String parent = parentOfTown.get(town);
        TreeMap<String, Val> periods = parent == null ? null : byArea.get(parent);
        if (periods == null) {
            return NONE;
        }
        NavigableMap<String, Val> out = new TreeMap<>();
        periods.forEach((p, v) -> out.put(p, new Val(v.value(), v.status(), v.releaseId(),
                "local-authority value (" + parent + ")")));
        return out;
    }

    /**
     * Aggregates a small-area series to the town. Each lookup is one geography; the series is aggregated over the
     * lookup whose areas carry most of its values for this town, and coverage is measured within that geography.
     */
    private NavigableMap<String, Val> aggregate(Indicator i, String town, Map<String, TreeMap<String, Val>> byArea) {
        return bestOf(town, (dataset, areas) -> accumulate(areas, (area, period, v) ->
                v.value() == null ? null : new double[]{v.value(), 1}, byArea::get), (a, covered) -> {
            double value = "sum".equals(i.aggregation()) ? a[0] : a[1] / a[2];
            return covered ? Round.sig6(value) : null;
        }, "aggregated (" + i.aggregation() + ")");
    }

    private NavigableMap<String, Val> share(Indicator i, String town) {
        Map<String, TreeMap<String, Val>> num = sources.raw.getOrDefault(i.numerator(), Map.of());
        Map<String, TreeMap<String, Val>> den = sources.raw.getOrDefault(i.denominator(), Map.of());
        if (num.containsKey(town)) {
            return shareOver(i, town, num, den, Map.of("", Areas.itself(town)));
        }
        return shareOver(i, town, num, den, areasOfTown.getOrDefault(town, Map.of()));
    }

    private NavigableMap<String, Val> shareOver(Indicator i, String town, Map<String, TreeMap<String, Val>> num,
                                                Map<String, TreeMap<String, Val>> den, Map<String, Areas> byDataset) {
        return bestOf(byDataset, (dataset, areas) -> accumulate(areas, (area, period, nv) -> {
            TreeMap<String, Val> d = den.get(area);
            Val dv = d == null ? null : d.get(period);
            return nv == null || dv == null || nv.value() == null || dv.value() == null ? null
                    : new double[]{nv.value(), dv.value()};
        }, num::get), (a, covered) -> covered && a[4] != 0 ? Round.sig6(100 * a[0] / a[4]) : null,
                "share of summed " + i.numerator() + " in " + i.denominator());
    }

    private interface AreaValue {
        /** {value, second} for the area and period whose own value is {@code v}, or null when it has none. */
        double[] of(String area, String period, Val v);
    }

    private interface Result {
        Double value(double[] acc, boolean covered);
    }

    /**
     * One geography's accumulation: per period {Σ value, Σ weight·value, Σ covered weight, areas with a value,
     * Σ second, total weight, areas}, and per period the latest release among the values summed.
     */
    private record Accumulated(Map<String, double[]> sums, Map<String, String> releases) {
        double count() {
            return sums.values().stream().mapToDouble(a -> a[3]).sum();
        }
    }

    private Accumulated accumulate(Areas areas, AreaValue value,
                                   java.util.function.Function<String, TreeMap<String, Val>> periodsOf) {
        Map<String, double[]> acc = new java.util.TreeMap<>();
        Map<String, String> releases = new HashMap<>();
        double total = areas.total();
        String[] codes = areas.codes();
        for (int x = 0; x < codes.length; x++) {
            String area = codes[x];
            TreeMap<String, Val> periods = periodsOf.apply(area);
            if (periods == null) {
                continue;
            }
            double w = areas.weights()[x];
            for (Map.Entry<String, Val> e : periods.entrySet()) {
                double[] v = value.of(area, e.getKey(), e.getValue());
                if (v == null) {
                    continue;
                }
                double[] a = acc.computeIfAbsent(e.getKey(), k -> new double[7]);
                a[0] += v[0];
                a[1] += w * v[0];
                a[2] += w;
                a[3]++;
                a[4] += v[1];
                a[5] = total;
                a[6] = codes.length;
                releases.merge(e.getKey(), e.getValue().releaseId(), (p, q) -> p.compareTo(q) >= 0 ? p : q);
            }
        }
        return new Accumulated(acc, releases);
    }

    private NavigableMap<String, Val> bestOf(String town, java.util.function.BiFunction<String, Areas, Accumulated> run,
                                             Result result, String what) {
        return bestOf(areasOfTown.getOrDefault(town, Map.of()), run, result, what);
    }

    /** Runs the accumulation for each geography of the town and keeps the one whose areas carry most values. */
    private NavigableMap<String, Val> bestOf(Map<String, Areas> byDataset,
                                             java.util.function.BiFunction<String, Areas, Accumulated> run,
                                             Result result, String what) {
        if (byDataset.isEmpty()) {
            return NONE;
        }
        String best = null;
        Accumulated bestAcc = null;
        double bestCount = 0;
        for (Map.Entry<String, Areas> d : byDataset.entrySet()) {
            Accumulated acc = run.apply(d.getKey(), d.getValue());
            double count = acc.count();
            if (count > bestCount) {
                best = d.getKey();
                bestAcc = acc;
                bestCount = count;
            }
        }
        if (best == null) {
            return NONE;
        }
        NavigableMap<String, Val> out = new TreeMap<>();
        for (Map.Entry<String, double[]> e : bestAcc.sums().entrySet()) {
            double[] a = e.getValue();
            double coverage = a[5] == 0 ? 0 : a[2] / a[5];
            boolean covered = coverage + 1e-12 >= settings.minCoverage();
            String note = what + " from " + (long) a[3] + " of " + (long) a[6] + " areas"
                    + (best.isEmpty() ? "" : " (" + best + ")") + ", coverage " + Math.round(coverage * 100) + "%";
            Double value = result.value(a, covered);
            out.put(e.getKey(), new Val(value, null, bestAcc.releases().get(e.getKey()),
                    value == null ? note + " below the " + Math.round(settings.minCoverage() * 100) + "% needed" : note));
        }
        return out;
    }

    private NavigableMap<String, Val> derive(Indicator i, String town) {
        Indicator.Derivation d = i.derived();
        String note = "derived: " + d.describe();
        if (d.type().startsWith("change")) {
            NavigableMap<String, Val> of = series(d.of(), town);
            Val base = of.get(d.from());
            Map.Entry<String, Val> last = of.lastEntry();
            if (base == null || last == null || last.getKey().equals(d.from()) || base.value() == null
                    || last.getValue().value() == null) {
                return NONE;
            }
            double b = base.value();
            double l = last.getValue().value();
            if ("change_pct".equals(d.type()) && b == 0) {
                return NONE;
            }
            double v = "change_pct".equals(d.type()) ? 100 * (l - b) / b : l - b;
            return new TreeMap<>(Map.of(d.from() + "/" + last.getKey(),
                    new Val(Round.sig6(v), null, last.getValue().releaseId(), note)));
        }
        NavigableMap<String, Val> num = series(d.numerator(), town);
        NavigableMap<String, Val> den = series(d.denominator(), town);
        NavigableMap<String, Val> out = new TreeMap<>();
        for (Map.Entry<String, Val> e : num.entrySet()) {
            Val dv = den.get(e.getKey());
            if (e.getValue().value() == null || dv == null || dv.value() == null || dv.value() == 0) {
                continue;
            }
            double v = e.getValue().value() / dv.value() * ("share".equals(d.type()) ? 100 : d.scale());
            String release = e.getValue().releaseId().compareTo(dv.releaseId()) >= 0
                    ? e.getValue().releaseId() : dv.releaseId();
            out.put(e.getKey(), new Val(Round.sig6(v), null, release, note));
        }
        return out;
    }

    private NavigableMap<String, Val> series(String indicator, String town) {
        Map<String, NavigableMap<String, Val>> byTown = resolved.get(indicator);
        NavigableMap<String, Val> m = byTown == null ? null : byTown.get(town);
        return m == null ? NONE : m;
    }
}
