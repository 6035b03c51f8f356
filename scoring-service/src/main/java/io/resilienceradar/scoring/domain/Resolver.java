package io.resilienceradar.scoring.domain;

import java.util.ArrayList;
import java.util.Collection;
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
    private final Map<String, Sources.LookupEntry> lookup;
    private final Map<String, List<String>> areasOfTown = new HashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Map<String, List<String>> dependents = new HashMap<>();
    /** indicator → town → period → value. */
    private final Map<String, Map<String, NavigableMap<String, Val>>> resolved = new HashMap<>();

    Resolver(Rulebook rulebook, EngineSettings settings, Sources sources, Collection<String> towns) {
        this.rulebook = rulebook;
        this.settings = settings;
        this.sources = sources;
        this.towns = new HashSet<>(towns);
        this.lookup = sources.mergedLookup();
        lookup.forEach((area, e) -> {
            if (this.towns.contains(e.town())) {
                areasOfTown.computeIfAbsent(e.town(), k -> new ArrayList<>()).add(area);
            }
        });
        areasOfTown.values().forEach(l -> l.sort(null));
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
            String town = towns.contains(c.area()) ? c.area() : townOf(c.area());
            if (town == null) {
                continue;
            }
            if (rulebook.indicators().containsKey(c.indicator())) {
                dirty.computeIfAbsent(c.indicator(), k -> new HashSet<>()).add(town);
            }
            // a raw series that only feeds a share aggregation is not itself in the catalogue's order
            for (String d : dependents.getOrDefault(c.indicator(), List.of())) {
                dirty.computeIfAbsent(d, k -> new HashSet<>()).add(town);
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
                    for (String d : dependents.getOrDefault(indicator, List.of())) {
                        dirty.computeIfAbsent(d, k -> new HashSet<>()).add(town);
                    }
                }
            }
        }
        return changed;
    }

    private String townOf(String area) {
        Sources.LookupEntry e = lookup.get(area);
        return e == null || !towns.contains(e.town()) ? null : e.town();
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
        return aggregate(i, town, byArea);
    }

    private NavigableMap<String, Val> aggregate(Indicator i, String town, Map<String, TreeMap<String, Val>> byArea) {
        List<String> areas = areasOfTown.getOrDefault(town, List.of());
        if (areas.isEmpty()) {
            return NONE;
        }
        double total = 0;
        Map<String, double[]> acc = new TreeMap<>(); // period → {sum, weighted sum, covered weight, areas}
        Map<String, String> release = new HashMap<>();
        for (String area : areas) {
            double w = lookup.get(area).weight();
            total += w;
            TreeMap<String, Val> periods = byArea.get(area);
            if (periods == null) {
                continue;
            }
            for (Map.Entry<String, Val> e : periods.entrySet()) {
                Double v = e.getValue().value();
                if (v == null) {
                    continue;
                }
                double[] a = acc.computeIfAbsent(e.getKey(), k -> new double[4]);
                a[0] += v;
                a[1] += w * v;
                a[2] += w;
                a[3]++;
                release.merge(e.getKey(), e.getValue().releaseId(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        NavigableMap<String, Val> out = new TreeMap<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            double coverage = total == 0 ? 0 : a[2] / total;
            String note = "aggregated (" + i.aggregation() + ") from " + (long) a[3] + " of " + areas.size()
                    + " areas, coverage " + Math.round(coverage * 100) + "%";
            Double value = "sum".equals(i.aggregation()) ? a[0] : a[1] / a[2];
            out.put(e.getKey(), coverage + 1e-12 < settings.minCoverage()
                    ? new Val(null, null, release.get(e.getKey()), note + " below the "
                    + Math.round(settings.minCoverage() * 100) + "% needed")
                    : new Val(Round.sig6(value), null, release.get(e.getKey()), note));
        }
        return out;
    }

    private NavigableMap<String, Val> share(Indicator i, String town) {
        Map<String, TreeMap<String, Val>> num = sources.raw.getOrDefault(i.numerator(), Map.of());
        Map<String, TreeMap<String, Val>> den = sources.raw.getOrDefault(i.denominator(), Map.of());
        List<String> areas = num.containsKey(town) ? List.of(town) : areasOfTown.getOrDefault(town, List.of());
        if (areas.isEmpty()) {
            return NONE;
        }
        double total = 0;
        Map<String, double[]> acc = new TreeMap<>(); // period → {numerator, denominator, covered weight, areas}
        Map<String, String> release = new HashMap<>();
        for (String area : areas) {
            double w = areas.size() == 1 && area.equals(town) ? 1 : lookup.get(area).weight();
            total += w;
            TreeMap<String, Val> n = num.get(area);
            TreeMap<String, Val> d = den.get(area);
            if (n == null || d == null) {
                continue;
            }
            for (Map.Entry<String, Val> e : n.entrySet()) {
                Val dv = d.get(e.getKey());
                if (e.getValue().value() == null || dv == null || dv.value() == null) {
                    continue;
                }
                double[] a = acc.computeIfAbsent(e.getKey(), k -> new double[4]);
                a[0] += e.getValue().value();
                a[1] += dv.value();
                a[2] += w;
                a[3]++;
                release.merge(e.getKey(), e.getValue().releaseId(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        NavigableMap<String, Val> out = new TreeMap<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            double coverage = total == 0 ? 0 : a[2] / total;
            String note = "share of summed " + i.numerator() + " in " + i.denominator() + " over " + (long) a[3]
                    + " of " + areas.size() + " areas, coverage " + Math.round(coverage * 100) + "%";
            boolean covered = coverage + 1e-12 >= settings.minCoverage() && a[1] != 0;
            out.put(e.getKey(), new Val(covered ? Round.sig6(100 * a[0] / a[1]) : null, null,
                    release.get(e.getKey()), covered ? note : note + " (insufficient)"));
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
            double v = e.getValue().value() / dv.value() * ("share".equals(d.type()) ? 100 : 1);
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
