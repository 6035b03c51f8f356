package io.resilienceradar.scoring.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
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
    private static final int[] NO_TOWNS = new int[0];

    private final Rulebook rulebook;
    private final EngineSettings settings;
    private final Sources sources;
    private final int towns;
    /** Town index → its area index in {@link Sources#areas}. */
    private final int[] areaOfTown;
    /** The lookup datasets, in name order (a tie between geographies goes to the first). */
    private final String[] lookupDatasets;
    /** [town][lookup dataset] → the town's small areas in that lookup, null when it has none there. */
    private final Areas[][] areasOfTown;
    /**
     * Area index → the towns a change of its values reaches: the town itself, the towns a lookup maps it to, the
     * towns it is the local authority of.
     */
    private int[][] reach;
    /** Town index → the area index of its local authority, -1 when none. */
    private final int[] parentOfTown;
    private final List<String> order = new ArrayList<>();
    private final Map<String, List<String>> dependents = new HashMap<>();
    /** indicator → town index → period → value (null when the town has none). */
    private final Map<String, NavigableMap<String, Val>[]> resolved = new HashMap<>();
    private final Map<String, Column> columns = new HashMap<>();

    /**
     * One town's small areas in one lookup, in code order (the order values are summed in), with their weights and
     * the total weight: compiled once per resolver from the lookup's arrays.
     */
    record Areas(int[] areas, double[] weights, double total) {
        /** A town that publishes the series itself: its one "area", weight 1. */
        static Areas itself(int area) {
            return new Areas(new int[]{area}, new double[]{1}, 1);
        }
    }

    /**
     * The latest value of one indicator and its period, by town index: what scoring reads for every town and
     * criterion, so it costs an array access, not two string-keyed lookups. Kept in step by {@link #update}.
     */
    static final class Column {
        final Val[] latest;
        final String[] period;
        /** {@code latest}'s numbers, NaN = none: a cold scoring reads them in one pass without chasing the records. */
        private final double[] number;

        private Column(int towns) {
            latest = new Val[towns];
            period = new String[towns];
            number = new double[towns];
            java.util.Arrays.fill(number, Double.NaN);
        }

        private void set(int town, NavigableMap<String, Val> values) {
            boolean none = values == null || values.isEmpty();
            Val v = none ? null : values.lastEntry().getValue();
            latest[town] = v;
            period[town] = none ? null : values.lastKey();
            number[town] = v == null || v.value() == null ? Double.NaN : v.value();
        }

        /** The latest value as a number; NaN when there is none or it carries no number. */
        double value(int town) {
            return number[town];
        }
    }

    /** {@code index}: town code → town index; {@code codes}: the town codes by index. */
    Resolver(Rulebook rulebook, EngineSettings settings, Sources sources, Map<String, Integer> index,
             List<String> codes) {
        this.rulebook = rulebook;
        this.settings = settings;
        this.sources = sources;
        this.towns = codes.size();
        areaOfTown = new int[towns];
        for (int t = 0; t < towns; t++) {
            areaOfTown[t] = sources.areas.add(codes.get(t));
        }
        lookupDatasets = new java.util.TreeSet<>(sources.lookups.keySet()).toArray(String[]::new);
        areasOfTown = new Areas[towns][];
        List<int[]> reached = new ArrayList<>();
        for (int d = 0; d < lookupDatasets.length; d++) {
            Sources.Compiled lookup = sources.lookups.get(lookupDatasets[d]);
            int[] count = new int[towns];
            int[] townOf = new int[lookup.area().length];
            for (int a = 0; a < townOf.length; a++) {
                Integer t = index.get(lookup.town()[a]);
                townOf[a] = t == null ? -1 : t;
                if (t != null) {
                    count[t]++;
                    reached.add(new int[]{lookup.area()[a], t});
                }
            }
            int[][] areas = new int[towns][];
            double[][] weights = new double[towns][];
            for (int a = 0; a < townOf.length; a++) {
                int t = townOf[a];
                if (t < 0) {
                    continue;
                }
                if (areas[t] == null) {
                    areas[t] = new int[count[t]];
                    weights[t] = new double[count[t]];
                    count[t] = 0;
                }
                areas[t][count[t]] = lookup.area()[a];
                weights[t][count[t]++] = lookup.weight()[a];
            }
            for (int t = 0; t < towns; t++) {
                if (areas[t] != null) {
                    if (areasOfTown[t] == null) {
                        areasOfTown[t] = new Areas[lookupDatasets.length];
                    }
                    double total = 0;
                    for (double w : weights[t]) {
                        total += w;
                    }
                    areasOfTown[t][d] = new Areas(areas[t], weights[t], total);
                }
            }
        }
        parentOfTown = new int[towns];
        java.util.Arrays.fill(parentOfTown, -1);
        sources.mergedParents().forEach((town, parent) -> {
            Integer t = index.get(town);
            if (t != null) {
                parentOfTown[t] = sources.areas.add(parent);
                reached.add(new int[]{parentOfTown[t], t});
            }
        });
        for (int t = 0; t < towns; t++) {
            reached.add(new int[]{areaOfTown[t], t});
        }
        reach = new int[sources.areas.size()][];
        for (int[] r : reached) {
            int[] ts = reach[r[0]];
            if (ts == null) {
                reach[r[0]] = new int[]{r[1]};
            } else if (!contains(ts, r[1])) {
                ts = java.util.Arrays.copyOf(ts, ts.length + 1);
                ts[ts.length - 1] = r[1];
                reach[r[0]] = ts;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        rulebook.indicators().keySet().forEach(id -> topo(id, seen));
        order.addAll(seen);
        for (Indicator i : rulebook.indicators().values()) {
            for (String input : i.inputs()) {
                dependents.computeIfAbsent(input, k -> new ArrayList<>()).add(i.id());
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private void topo(String id, Set<String> seen) {
        if (seen.contains(id) || !rulebook.indicators().containsKey(id)) {
            return;
        }
        rulebook.indicators().get(id).inputs().forEach(i -> topo(i, seen));
        seen.add(id);
    }

    @SuppressWarnings("unchecked")
    private NavigableMap<String, Val>[] byTown(String indicator) {
        return resolved.computeIfAbsent(indicator, k -> new NavigableMap[towns]);
    }

    /** Resolves every indicator for every town. */
    void all() {
        for (String indicator : order) {
            NavigableMap<String, Val>[] byTown = byTown(indicator);
            for (int t = 0; t < towns; t++) {
                NavigableMap<String, Val> v = compute(indicator, t);
                byTown[t] = v.isEmpty() ? null : v;
            }
        }
    }

    /** The column of {@code indicator}, built on first use. */
    Column column(String indicator) {
        Column c = columns.get(indicator);
        if (c == null) {
            c = new Column(towns);
            NavigableMap<String, Val>[] byTown = resolved.get(indicator);
            if (byTown != null) {
                for (int t = 0; t < towns; t++) {
                    if (byTown[t] != null) {
                        c.set(t, byTown[t]);
                    }
                }
            }
            columns.put(indicator, c);
        }
        return c;
    }

    /** The rulebook whose indicator catalogue this resolver resolves. */
    Rulebook rulebook() {
        return rulebook;
    }

    /**
     * Re-resolves what the changed raw values (indicator → area indexes) reach; returns indicator → the indexes of
     * the towns whose resolved values changed.
     */
    Map<String, BitSet> update(Map<String, BitSet> changes) {
        Map<String, BitSet> dirty = new HashMap<>();
        changes.forEach((indicator, areas) -> {
            boolean inCatalogue = rulebook.indicators().containsKey(indicator);
            List<String> ds = dependents.getOrDefault(indicator, List.of());
            if (!inCatalogue && ds.isEmpty()) {
                return;
            }
            BitSet towns = new BitSet();
            for (int a = areas.nextSetBit(0); a >= 0; a = areas.nextSetBit(a + 1)) {
                for (int t : a < reach.length && reach[a] != null ? reach[a] : NO_TOWNS) {
                    towns.set(t);
                }
            }
            if (inCatalogue) {
                dirty.computeIfAbsent(indicator, k -> new BitSet()).or(towns);
            }
            // a raw series that only feeds a share aggregation is not itself in the catalogue's order
            for (String d : ds) {
                dirty.computeIfAbsent(d, k -> new BitSet()).or(towns);
            }
        });
        Map<String, BitSet> changed = new HashMap<>();
        for (String indicator : order) {
            BitSet ts = dirty.get(indicator);
            if (ts == null) {
                continue;
            }
            NavigableMap<String, Val>[] byTown = byTown(indicator);
            for (int town = ts.nextSetBit(0); town >= 0; town = ts.nextSetBit(town + 1)) {
                NavigableMap<String, Val> v = compute(indicator, town);
                NavigableMap<String, Val> old = byTown[town] == null ? NONE : byTown[town];
                if (!v.equals(old)) {
                    byTown[town] = v.isEmpty() ? null : v;
                    changed.computeIfAbsent(indicator, k -> new BitSet()).set(town);
                    Column column = columns.get(indicator);
                    if (column != null) {
                        column.set(town, v);
                    }
                    for (String d : dependents.getOrDefault(indicator, List.of())) {
                        dirty.computeIfAbsent(d, k -> new BitSet()).set(town);
                    }
                }
            }
        }
        return changed;
    }

    private NavigableMap<String, Val> compute(String id, int town) {
        Indicator i = rulebook.indicators().get(id);
        if (i.isDerived()) {
            return derive(i, town);
        }
        if ("share".equals(i.aggregation())) {
            return share(i, town);
        }
        RawSeries raw = sources.raw.get(id);
        if (raw == null) {
            return NONE;
        }
        int area = areaOfTown[town];
        if (raw.has(area)) {
            return raw.of(area, sources.releases, null);
        }
        if ("inherit".equals(i.aggregation())) {
            int parent = parentOfTown[town];
            if (parent < 0 || !raw.has(parent)) {
                return NONE;
            }
            // a series published by local authority: the town takes its authority's value, and says so
            return raw.of(parent, sources.releases, "local-authority value (" + sources.areas.code(parent) + ")");
        }
        return aggregate(i, town, raw);
    }

    /**
     * Aggregates a small-area series to the town. Each lookup is one geography; the series is aggregated over the
     * lookup whose areas carry most of its values for this town, and coverage is measured within that geography.
     */
    private NavigableMap<String, Val> aggregate(Indicator i, int town, RawSeries raw) {
        Areas[] byDataset = areasOfTown[town];
        if (byDataset == null) {
            return NONE;
        }
        boolean sum = "sum".equals(i.aggregation());
        return bestOf(byDataset, lookupDatasets, raw, null, (a, covered) -> {
            double value = sum ? a[0] : a[1] / a[2];
            return covered ? Round.sig6(value) : null;
        }, "aggregated (" + i.aggregation() + ")");
    }

    private NavigableMap<String, Val> share(Indicator i, int town) {
        RawSeries num = sources.raw.get(i.numerator());
        RawSeries den = sources.raw.get(i.denominator());
        if (num == null || den == null) {
            return NONE;
        }
        Result result = (a, covered) -> covered && a[4] != 0 ? Round.sig6(100 * a[0] / a[4]) : null;
        String what = "share of summed " + i.numerator() + " in " + i.denominator();
        int area = areaOfTown[town];
        if (num.has(area)) {
            return bestOf(new Areas[]{Areas.itself(area)}, new String[]{""}, num, den, result, what);
        }
        Areas[] byDataset = areasOfTown[town];
        return byDataset == null ? NONE : bestOf(byDataset, lookupDatasets, num, den, result, what);
    }

    private interface Result {
        Double value(double[] acc, boolean covered);
    }

    /**
     * One geography's accumulation, in period order: per period {Σ value, Σ weight·value, Σ covered weight, areas
     * with a value, Σ second (the denominator of a share, else 1 per area), total weight, areas}, and the latest
     * release (by id) among the values summed.
     */
    private record Accumulated(List<String> periods, List<double[]> sums, List<String> releases, double count) {
    }

    /**
     * Sums the areas' values of each period, in area order. With {@code den}, an area counts in a period when it has
     * both a numerator and a denominator there.
     */
    private Accumulated accumulate(Areas areas, RawSeries num, RawSeries den) {
        List<String> periods = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        List<String> releases = new ArrayList<>();
        double count = 0;
        int[] codes = areas.areas();
        double[] weights = areas.weights();
        for (Map.Entry<String, RawSeries.Column> e : num.periods.entrySet()) {
            RawSeries.Column c = e.getValue();
            RawSeries.Column d = den == null ? null : den.column(e.getKey());
            if (den != null && d == null) {
                continue;
            }
            double[] a = null;
            int release = -1;
            for (int x = 0; x < codes.length; x++) {
                int area = codes[x];
                if (area >= c.release.length) {
                    continue;
                }
                double v = c.value[area];
                int r = c.release[area];
                if (r < 0 || Double.isNaN(v)) {
                    continue;
                }
                double second = 1;
                if (d != null) {
                    if (area >= d.release.length || d.release[area] < 0 || Double.isNaN(d.value[area])) {
                        continue;
                    }
                    second = d.value[area];
                }
                if (a == null) {
                    a = new double[7];
                }
                double w = weights[x];
                a[0] += v;
                a[1] += w * v;
                a[2] += w;
                a[3]++;
                a[4] += second;
                if (r != release && (release < 0
                        || sources.releases.code(r).compareTo(sources.releases.code(release)) > 0)) {
                    release = r;
                }
            }
            if (a != null) {
                a[5] = areas.total();
                a[6] = codes.length;
                count += a[3];
                periods.add(e.getKey());
                sums.add(a);
                releases.add(sources.releases.code(release));
            }
        }
        return new Accumulated(periods, sums, releases, count);
    }

    /** Runs the accumulation for each geography of the town and keeps the one whose areas carry most values. */
    private NavigableMap<String, Val> bestOf(Areas[] byDataset, String[] names, RawSeries num, RawSeries den,
                                             Result result, String what) {
        String best = null;
        Accumulated bestAcc = null;
        double bestCount = 0;
        for (int d = 0; d < byDataset.length; d++) {
            if (byDataset[d] == null) {
                continue;
            }
            Accumulated acc = accumulate(byDataset[d], num, den);
            if (acc.count() > bestCount) {
                best = names[d];
                bestAcc = acc;
                bestCount = acc.count();
            }
        }
        if (best == null) {
            return NONE;
        }
        NavigableMap<String, Val> out = new TreeMap<>();
        for (int p = 0; p < bestAcc.periods().size(); p++) {
            double[] a = bestAcc.sums().get(p);
            double coverage = a[5] == 0 ? 0 : a[2] / a[5];
            boolean covered = coverage + 1e-12 >= settings.minCoverage();
            String note = what + " from " + (long) a[3] + " of " + (long) a[6] + " areas"
                    + (best.isEmpty() ? "" : " (" + best + ")") + ", coverage " + Math.round(coverage * 100) + "%";
            Double value = result.value(a, covered);
            out.put(bestAcc.periods().get(p), new Val(value, null, bestAcc.releases().get(p),
                    value == null ? note + " below the " + Math.round(settings.minCoverage() * 100) + "% needed" : note));
        }
        return OnePeriod.compact(out);
    }

    private NavigableMap<String, Val> derive(Indicator i, int town) {
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
            return new OnePeriod(d.from() + "/" + last.getKey(),
                    new Val(Round.sig6(v), null, last.getValue().releaseId(), note));
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
        return OnePeriod.compact(out);
    }

    private NavigableMap<String, Val> series(String indicator, int town) {
        NavigableMap<String, Val>[] byTown = resolved.get(indicator);
        NavigableMap<String, Val> m = byTown == null ? null : byTown[town];
        return m == null ? NONE : m;
    }
}
