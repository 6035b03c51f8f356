package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the domain engine (not a test: surefire does not pick it up). Run with {@code scoring-service/
 * bench-engine} (see BENCHMARKS.md), or {@code java -cp ... org.openjdk.jmh.Main EngineBenchmark -f 1 -wi 2 -i 3},
 * or this class's {@link #main}.
 *
 * <ul>
 *   <li>{@code fullBundled}: a new rulebook version with the same definitions on the default universe (1,371 towns,
 *       bundled releases and rulebook): every town × characteristic (19,194 states, 76,776 criteria) is evaluated
 *       again (value, met, membership) and compared with its evidence; resolved values, the sorted series and
 *       thresholds of the unchanged criteria come from the engine's caches, evidence equal to the previous is
 *       reused, so no state changes and nothing is re-aggregated or re-sorted.</li>
 *   <li>{@code fullBundledNoCache}: the cold scoring from the engine's current resolved values with no cache:
 *       every criterion's series loaded again from the resolved columns with its threshold and mean (selection and
 *       a proved-rounding sum, no sort), every town's membership and criteria met computed again in columns, and
 *       compared with the previous scoring (series values, thresholds, means, periods and releases, memberships;
 *       percentiles only where a series' values differ); evidence and states are built only for the towns found
 *       changed (none here). Resolution and aggregation are not in it ({@code fullBundledResolve}).</li>
 *   <li>{@code fullBundledFirst}: the same with no previous scoring: every state and evidence record (with its
 *       percentile) built, the delta lists all 19,194 states.</li>
 *   <li>{@code fullBundledResolve}: a rulebook version whose indicator catalogue differs (one unused indicator more
 *       or less): every indicator re-resolved for every town from the raw observations (derivations, small-area
 *       aggregation, inheritance), then the no-cache scoring above.</li>
 *   <li>{@code correctionTopPercent}: a one-town correction of {@code population} (2021) that moves the town's
 *       population growth (G2, top 25%) and the derived shares without moving any threshold or mean.</li>
 *   <li>{@code correctionSingleSeries}: a one-town correction of a series one criterion reads
 *       ({@code inactive_sick_pct}, J2 above the mean) that moves no threshold or mean.</li>
 *   <li>{@code fullSynthetic}: a new rulebook version with the same definitions (so, like {@code fullBundled}, the
 *       cached path) on {@code towns} synthetic towns × {@code indicators} town-level indicators (one value each),
 *       25 characteristics × 4 criteria, every comparison type, a gate and Welsh substitutes; default 200,000 × 100
 *       (the fork gets -Xmx12g: the engine then holds ~20M resolved values and 20M evidence records).</li>
 *   <li>{@code aggregationRelease}: a new version of a small-area release of 35,000 areas (4 series, 3 of them
 *       aggregated: mean, sum, share) re-aggregated to the 1,371 towns through a lookup, and the towns rescored;
 *       {@code aggregationLookup}: a new lookup version, i.e. the full rebuild, on the same world whose rulebook
 *       reads only those series, so the time is mostly aggregation.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EngineBenchmark {

    public static void main(String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = EngineBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }

    // ---- (a) and (b): the bundled data ----------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Bundled {
        ScoringEngine engine;
        Rulebook[] rulebooks;
        /** The bundled rulebook and one whose catalogue has one more (unused) indicator: every switch re-resolves. */
        Rulebook[] resolving;
        int flip;

        @Setup(Level.Trial)
        public void setUp() {
            engine = BundledData.engineWithAll();
            Rulebook r = engine.rulebook();
            rulebooks = new Rulebook[]{
                    new Rulebook(r.version() + "-bench-a", r.description(), r.indicators(), r.characteristics()),
                    new Rulebook(r.version() + "-bench-b", r.description(), r.indicators(), r.characteristics())};
            java.util.Map<String, Indicator> more = new java.util.LinkedHashMap<>(r.indicators());
            more.put("bench_unused", new Indicator("bench_unused", "unused", null, "neutral", null, null, "town",
                    "mean", null, null, null));
            resolving = new Rulebook[]{
                    new Rulebook(r.version() + "-bench-c", r.description(), r.indicators(), r.characteristics()),
                    new Rulebook(r.version() + "-bench-d", r.description(), more, r.characteristics())};
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta fullBundled(Bundled s) {
        return s.engine.applyRulebook(s.rulebooks[s.flip ^= 1]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta fullBundledNoCache(Bundled s) {
        return s.engine.rescoreWithoutCaches();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta fullBundledFirst(Bundled s) {
        return s.engine.scoreFromNothing();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta fullBundledResolve(Bundled s) {
        return s.engine.applyRulebook(s.resolving[s.flip ^= 1]);
    }

    /** A town whose value of one series alternates between two values by a correction; thresholds stay put. */
    public abstract static class Correction {
        ScoringEngine engine;
        ReleaseMetadata template;
        Observation[] values;
        int version;
        int flip;

        abstract String indicator();

        abstract String criterion();

        abstract double step();

        @Setup(Level.Trial)
        public void setUp() {
            engine = BundledData.engineWithAll();
            // the towns in the middle of the criterion's ranking: far from any top/bottom cut-off
            List<TownScore> towns = new ArrayList<>(engine.towns());
            towns.removeIf(t -> evidence(t) == null || evidence(t).value() == null);
            towns.sort(Comparator.comparing(t -> evidence(t).value()));
            for (int i = towns.size() / 2; i < towns.size(); i++) {
                if (tryTown(towns.get(i).townCode())) {
                    return;
                }
            }
            throw new IllegalStateException("no town whose correction leaves the thresholds alone");
        }

        private CriterionEvidence evidence(TownScore t) {
            return t.characteristics().stream().flatMap(c -> c.criteria().stream())
                    .filter(e -> e.criterionId().equals(criterion())).findFirst().orElse(null);
        }

        /** True when correcting this town back and forth changes that town's states only. */
        private boolean tryTown(String town) {
            // the release that publishes the series for this town itself
            BundledData.Release release = BundledData.releases().stream()
                    .filter(r -> r.observations().stream()
                            .anyMatch(o -> o.indicator().equals(indicator()) && o.areaCode().equals(town)))
                    .reduce((a, b) -> b).orElse(null);
            if (release == null) {
                return false;
            }
            Observation latest = release.observations().stream()
                    .filter(o -> o.indicator().equals(indicator()) && o.areaCode().equals(town) && o.value() != null)
                    .max(Comparator.comparing(Observation::period)).orElse(null);
            if (latest == null) {
                return false;
            }
            template = release.metadata();
            version = Math.max(version, template.version());
            values = new Observation[]{
                    new Observation(indicator(), town, latest.period(), latest.value() + step(), null, null),
                    latest};
            for (int i = 0; i < 4; i++) {
                ScoringDelta d = correct();
                if (d.changes().isEmpty() || d.changes().stream().anyMatch(c -> !c.townCode().equals(town))) {
                    return false;
                }
            }
            return true;
        }

        ScoringDelta correct() {
            ReleaseMetadata m = new ReleaseMetadata(template.datasetId(), template.edition(), ++version,
                    template.releaseDate(), template.title(), template.kind(), template.source(), template.licence(),
                    template.sourceUrl(), template.synthetic(),
                    List.of(new ReleaseMetadata.Alert(LocalDate.of(2026, 6, 1), "benchmark", "correction")),
                    List.of());
            return engine.apply(m, List.of(values[flip ^= 1]));
        }
    }

    @State(Scope.Benchmark)
    public static class PopulationCorrection extends Correction {
        @Override
        String indicator() {
            return "population";
        }

        @Override
        String criterion() {
            return "G2";
        }

        @Override
        double step() {
            return 1;
        }
    }

    @State(Scope.Benchmark)
    public static class SickCorrection extends Correction {
        @Override
        String indicator() {
            return "inactive_sick_pct";
        }

        @Override
        String criterion() {
            return "J2";
        }

        @Override
        double step() {
            return 0.1;
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ScoringDelta correctionTopPercent(PopulationCorrection s) {
        return s.correct();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ScoringDelta correctionSingleSeries(SickCorrection s) {
        return s.correct();
    }

    // ---- (c): a large synthetic universe ---------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Synthetic {
        @Param("200000")
        public int towns;
        @Param("100")
        public int indicators;

        ScoringEngine engine;
        Rulebook[] rulebooks;
        int flip;

        @Setup(Level.Trial)
        public void setUp() {
            long start = System.nanoTime();
            Rulebook r = syntheticRulebook(indicators, "s1");
            engine = ScoringEngine.create(r, EngineSettings.defaults());
            engine.apply(release(EngineSettings.DEFAULT_REGISTER, 1, ReleaseMetadata.KIND_REGISTER),
                    syntheticRegister(towns));
            // one release per indicator: 20M observations at once would hold ~1.2 GB of input alongside the engine
            for (int i = 0; i < indicators; i++) {
                engine.apply(release(String.format(Locale.ROOT, "synthetic-values-%03d", i), 1,
                        ReleaseMetadata.KIND_OBSERVATIONS), syntheticValues(towns, i));
            }
            rulebooks = new Rulebook[]{syntheticRulebook(indicators, "s2"), syntheticRulebook(indicators, "s3")};
            System.out.printf(Locale.ROOT, "%n[setup: %d towns x %d indicators loaded in %.1f s]%n", towns,
                    indicators, (System.nanoTime() - start) / 1e9);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine = null;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = "-Xmx12g")
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ScoringDelta fullSynthetic(Synthetic s) {
        return s.engine.applyRulebook(s.rulebooks[s.flip ^= 1]);
    }

    /**
     * The same universe scored cold ({@code fullBundledNoCache}'s path): every series' statistics and every town's
     * membership computed again and compared with the previous scoring.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = "-Xmx12g")
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ScoringDelta fullSyntheticNoCache(Synthetic s) {
        return s.engine.rescoreWithoutCaches();
    }

    // ---- (d): aggregation of 35,000 small areas -------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Aggregation {
        @Param("35000")
        public int areas;

        ScoringEngine engine;
        List<Observation> lookup;
        List<Observation>[] values;
        int lookupVersion = 1;
        int valuesVersion = 1;
        int flip;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void setUp() {
            engine = ScoringEngine.create(aggregationRulebook(), EngineSettings.defaults());
            BundledData.Release register = BundledData.releases().stream()
                    .filter(r -> r.metadata().kind().equals(ReleaseMetadata.KIND_REGISTER)).findFirst().orElseThrow();
            engine.apply(register.metadata(), register.observations());
            List<String> universe = engine.towns().stream().map(TownScore::townCode).toList();
            SplittableRandom random = new SplittableRandom(7);
            lookup = new ArrayList<>(areas * 2);
            for (int a = 0; a < areas; a++) {
                String area = String.format(Locale.ROOT, "E01%06d", a);
                lookup.add(new Observation("town", area, "2021", null, null,
                        universe.get(random.nextInt(universe.size()))));
                lookup.add(new Observation("weight", area, "2021", (double) (1000 + random.nextInt(2000)), null, null));
            }
            engine.apply(release("synthetic-lsoa-lookup", lookupVersion, ReleaseMetadata.KIND_LOOKUP), lookup);
            values = new List[]{smallAreaValues(areas, random), smallAreaValues(areas, random)};
            engine.apply(release("synthetic-lsoa-values", valuesVersion, ReleaseMetadata.KIND_OBSERVATIONS),
                    values[0]);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta aggregationRelease(Aggregation s) {
        return s.engine.apply(release("synthetic-lsoa-values", ++s.valuesVersion, ReleaseMetadata.KIND_OBSERVATIONS),
                s.values[s.flip ^= 1]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScoringDelta aggregationLookup(Aggregation s) {
        return s.engine.apply(release("synthetic-lsoa-lookup", ++s.lookupVersion, ReleaseMetadata.KIND_LOOKUP),
                s.lookup);
    }

    // ---- synthetic worlds -----------------------------------------------------------------------------------

    static ReleaseMetadata release(String dataset, int version, String kind) {
        return new ReleaseMetadata(dataset, "bench", version, LocalDate.of(2026, 6, 1), "benchmark " + dataset, kind,
                "synthetic", "OGL-3.0", null, true, List.of(), List.of());
    }

    static String townCode(int i) {
        return String.format(Locale.ROOT, "E63%06d", i);
    }

    /** Towns of the three scored size classes, one in six Welsh, one in five coastal. */
    static List<Observation> syntheticRegister(int towns) {
        List<Observation> rows = new ArrayList<>(towns * 4);
        String[] sizes = {"Small", "Small", "Small", "Medium", "Medium", "Large"};
        for (int t = 0; t < towns; t++) {
            String code = townCode(t);
            rows.add(new Observation("country", code, "2022", null, null, t % 6 == 5 ? "Wales" : "England"));
            rows.add(new Observation("region", code, "2022", null, null, t % 6 == 5 ? "Wales" : "Region " + t % 9));
            rows.add(new Observation("size_class", code, "2022", null, null, sizes[t % sizes.length]));
            rows.add(new Observation("coastal", code, "2022", t % 5 == 0 ? 1.0 : 0.0, null, null));
        }
        return rows;
    }

    /** One value (period 2021) of indicator {@code i} for every town; one value in fifty suppressed. */
    static List<Observation> syntheticValues(int towns, int i) {
        SplittableRandom random = new SplittableRandom(42 + i);
        List<Observation> rows = new ArrayList<>(towns);
        String id = String.format(Locale.ROOT, "ind%03d", i);
        for (int t = 0; t < towns; t++) {
            boolean missing = random.nextInt(50) == 0;
            rows.add(new Observation(id, townCode(t), "2021",
                    missing ? null : Math.round(random.nextDouble() * 10_000) / 100.0, missing ? "x" : null, null));
        }
        return rows;
    }

    /** 25 characteristics × 4 criteria over {@code indicators} town-level series, cycling through the comparisons. */
    static Rulebook syntheticRulebook(int indicators, String version) {
        StringBuilder y = new StringBuilder();
        y.append("version: \"").append(version).append("\"\nindicators:\n");
        for (int i = 0; i < indicators; i++) {
            y.append(String.format(Locale.ROOT, "  - {id: ind%03d, geography: town, aggregation: mean}%n", i));
        }
        String[] compare = {"compare: above_mean", "compare: below_mean", "compare: top_percent, value: 25",
                "compare: bottom_percent, value: 20", "compare: z_above, value: 0.5", "compare: z_below, value: 0.5",
                "compare: above_value, value: 60", "compare: below_value, value: 40", "compare: equals, value: 50"};
        y.append("characteristics:\n");
        int k = 0;
        for (int c = 0; c < 25; c++) {
            y.append(String.format(Locale.ROOT, "  - id: c%02d%n    letter: %s%n    name: C%02d%n", c,
                    (char) ('A' + c), c));
            if (c % 5 == 4) {
                y.append("    gates: [coastal]\n");
            }
            y.append("    criteria:\n");
            for (int j = 0; j < 4; j++, k++) {
                String indicator = String.format(Locale.ROOT, "ind%03d", k % indicators);
                String extra = "";
                if (k % 7 == 3) {
                    extra = String.format(Locale.ROOT, ", countries: [England], substitutes: [{country: Wales, "
                            + "indicator: ind%03d, compare: above_mean}]", (k + 1) % indicators);
                }
                y.append(String.format(Locale.ROOT, "      - {id: c%02d_%d, indicator: %s, %s%s}%n", c, j, indicator,
                        compare[k % compare.length], extra));
            }
        }
        return Rulebook.load(new ByteArrayInputStream(y.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The aggregation world's rulebook: only small-area series (mean, sum, share of summed counts). */
    static Rulebook aggregationRulebook() {
        String yaml = """
                version: "agg-1"
                indicators:
                  - {id: imd_score, geography: lsoa, aggregation: mean}
                  - {id: households, geography: lsoa, aggregation: sum}
                  - {id: renting, geography: lsoa, aggregation: sum}
                  - {id: renting_share, geography: lsoa, aggregation: share, numerator: renting, denominator: households}
                characteristics:
                  - id: aggregated
                    letter: A
                    name: Aggregated
                    criteria:
                      - {id: A1, indicator: imd_score, compare: above_mean}
                      - {id: A2, indicator: households, compare: top_percent, value: 25}
                      - {id: A3, indicator: renting_share, compare: above_mean}
                      - {id: A4, indicator: imd_score, compare: z_above, value: 1}
                """;
        return Rulebook.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Observation> smallAreaValues(int areas, SplittableRandom random) {
        List<Observation> rows = new ArrayList<>(areas * 3);
        for (int a = 0; a < areas; a++) {
            String area = String.format(Locale.ROOT, "E01%06d", a);
            double households = 400 + random.nextInt(400);
            rows.add(new Observation("imd_score", area, "2025", Math.round(random.nextDouble() * 6000) / 100.0, null,
                    null));
            rows.add(new Observation("households", area, "2021", households, null, null));
            rows.add(new Observation("renting", area, "2021", (double) random.nextInt((int) households), null, null));
        }
        return rows;
    }
}
