package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring engine: plain Java, in memory, deterministic. From the register, the lookups, the rulebook and the
 * observations it keeps every town's membership of every characteristic with per-criterion evidence, and for each
 * change returns exactly the (town, characteristic) states that changed.
 *
 * <p>Observation releases are applied incrementally: only the (indicator, town) values the release reached are
 * re-resolved, only the criteria on those indicators refreshed, and only the towns whose value, percentile or — when
 * the published threshold or mean moved — whose criterion was touched are re-evaluated. Register and lookup changes
 * take the full recompute, which is also the reference the incremental path is tested against. A rulebook whose
 * indicator catalogue is unchanged keeps the resolved values (nothing is re-aggregated) and the sorted series of
 * every criterion whose indicator, comparison and countries are unchanged; every town and characteristic is then
 * re-evaluated, reusing the evidence records that come out equal. Not thread-safe.
 */
public final class ScoringEngine {
    /** "value marked x" per status: built once, not per town and criterion on every evaluation. */
    private static final Map<String, String> MARKED = new java.util.concurrent.ConcurrentHashMap<>();
    /** Above this many changed towns a series is re-sorted once rather than updated town by town. */
    private static final int BULK_TOWNS = 64;
    /**
     * From this many towns the series and characteristics of a cold scoring are computed on two threads (the common
     * pool and the caller). Off by default: at 200,000 × 100 one quiet run each showed no gain over one thread (GC
     * pauses dominate); {@code -Dradar.engine.parallelTowns=20000} turns it on to compare (in JMH: {@code
     * -jvmArgsAppend "-Xmx12g -Dradar.engine.parallelTowns=20000"}).
     */
    private static final int PARALLEL_TOWNS = Integer.getInteger("radar.engine.parallelTowns", Integer.MAX_VALUE);
    private final EngineSettings settings;
    private final Sources sources;
    private Rulebook rulebook;
    private List<Town> universe = List.of();
    private final Map<String, Integer> index = new HashMap<>();
    private Resolver resolver;
    /** [characteristic][criterion][variant]. */
    private Series[][][] series = new Series[0][][];
    /** [characteristic][criterion][town] → variant index, -1 when no series covers the town's country. */
    private int[][][] variant = new int[0][][];
    /** [town][characteristic]. */
    private CharacteristicState[][] states = new CharacteristicState[0][];
    /** [characteristic][town] → {@link ColdScoring#code} of the state: the membership columns. */
    private int[][] codes = new int[0][];
    /** Which towns each criterion's countries and substitutes send to which variant (towns × criteria). */
    private final Map<VariantKey, int[]> variants = new HashMap<>();

    /** What decides a criterion variant's towns. */
    private record VariantKey(List<String> countries, List<Criterion.Substitute> substitutes) {
    }

    /** What decides a series' values, order and threshold, given the resolved values. */
    private record SeriesKey(String indicator, Comparison comparison, VariantKey towns, int variant) {
    }

    private ScoringEngine(Rulebook rulebook, EngineSettings settings, Sources sources) {
        this.rulebook = rulebook;
        this.settings = settings;
        this.sources = sources;
        rebuild();
    }

    public static ScoringEngine create(Rulebook rulebook, EngineSettings settings) {
        return new ScoringEngine(rulebook, settings, new Sources());
    }

    public static ScoringEngine withBundledRulebook() {
        return create(Rulebook.bundled(), EngineSettings.defaults());
    }

    public Rulebook rulebook() {
        return rulebook;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Applies a complete release. An older or already applied version of a dataset edition is ignored. */
    public ScoringDelta apply(ReleaseMetadata meta, List<Observation> observations) {
        if (!sources.accept(meta)) {
            return ScoringDelta.ignoredRelease();
        }
        return switch (meta.kind()) {
            case ReleaseMetadata.KIND_REGISTER -> {
                sources.register(meta, observations);
                yield rebuild();
            }
            case ReleaseMetadata.KIND_LOOKUP -> {
                sources.lookup(meta, observations);
                yield rebuild();
            }
            case ReleaseMetadata.KIND_OBSERVATIONS -> incremental(sources.observations(meta, observations));
            default -> throw new IllegalArgumentException("unknown release kind '" + meta.kind() + "'");
        };
    }

    /**
     * Puts a new rulebook version in force: every town is recomputed. With the same indicator catalogue the resolved
     * values and the unchanged criteria's series are kept.
     */
    public ScoringDelta applyRulebook(Rulebook next) {
        this.rulebook = next;
        if (!next.indicators().equals(resolver.rulebook().indicators())) {
            return rebuild();
        }
        return rescore(pool(), true, true);
    }

    /**
     * The full ("cold") scoring from the resolved values without any cache: every series loaded again with its
     * threshold and mean, every town's membership computed again, and the result compared with the previous one; a
     * state is rebuilt only where that comparison finds a change. For the benchmark that measures it.
     */
    ScoringDelta rescoreWithoutCaches() {
        variants.clear();
        return rescore(Map.of(), false, true);
    }

    /**
     * The cold scoring as if no town had been scored before: every state and evidence record built, the delta lists
     * every (town, characteristic). For the benchmark of a first scoring.
     */
    ScoringDelta scoreFromNothing() {
        variants.clear();
        states = new CharacteristicState[universe.size()][];
        codes = new int[0][];
        return rescore(Map.of(), false, false);
    }

    /** For the tests: whether the membership columns agree with the states (the columns' reference). */
    boolean membershipColumnsAgree() {
        for (int c = 0; c < codes.length; c++) {
            for (int t = 0; t < universe.size(); t++) {
                if (codes[c][t] != ColdScoring.code(states[t][c])) {
                    return false;
                }
            }
        }
        return codes.length == rulebook.characteristics().size();
    }

    public Optional<TownScore> town(String code) {
        Integer t = index.get(code);
        return t == null ? Optional.empty() : Optional.of(score(t));
    }

    /** Every scored town, in code order. */
    public List<TownScore> towns() {
        List<TownScore> out = new ArrayList<>(universe.size());
        for (int t = 0; t < universe.size(); t++) {
            out.add(score(t));
        }
        return out;
    }

    /** The reference: a full recompute from the same inputs on a fresh engine (this one is not touched). */
    public List<TownScore> recomputeFromScratch() {
        return new ScoringEngine(rulebook, settings, sources.copy()).towns();
    }

    private TownScore score(int t) {
        Town town = universe.get(t);
        return new TownScore(town.code(), town.name(), town.region(), town.country(), town.sizeClass(), town.coastal(),
                List.of(states[t]));
    }

    // ---- full recompute ------------------------------------------------------------------------------------

    private ScoringDelta rebuild() {
        List<Town> previousTowns = universe;
        Map<String, CharacteristicState[]> before = new HashMap<>();
        for (int t = 0; t < universe.size(); t++) {
            before.put(universe.get(t).code(), states[t]);
        }
        Map<String, Town> register = sources.registers.getOrDefault(settings.registerDataset(), Map.of());
        universe = register.values().stream()
                .filter(t -> t.sizeClass() != null && settings.sizeClasses().contains(t.sizeClass()))
                .sorted(Comparator.comparing(Town::code)).toList();
        index.clear();
        for (int t = 0; t < universe.size(); t++) {
            index.put(universe.get(t).code(), t);
        }
        resolver = new Resolver(rulebook, settings, sources, index, universe.stream().map(Town::code).toList());
        resolver.all();
        variants.clear();
        CharacteristicState[][] aligned = new CharacteristicState[universe.size()][];
        for (int t = 0; t < universe.size(); t++) {
            aligned[t] = before.get(universe.get(t).code());
        }
        states = aligned;
        return rescore(Map.of(), true, universe.equals(previousTowns));
    }

    /** The series in force by what decides them, to be taken (each once) by the next {@link #rescore}. */
    private Map<SeriesKey, List<Series>> pool() {
        Map<SeriesKey, List<Series>> pool = new HashMap<>();
        List<Characteristic> cs = seriesCharacteristics;
        for (int c = 0; c < series.length; c++) {
            for (int k = 0; k < series[c].length; k++) {
                Criterion criterion = cs.get(c).criteria().get(k);
                for (int v = 0; v < series[c][k].length; v++) {
                    pool.computeIfAbsent(keyOf(criterion, v), x -> new ArrayList<>()).add(series[c][k][v]);
                }
            }
        }
        return pool;
    }

    private static SeriesKey keyOf(Criterion criterion, int v) {
        return new SeriesKey(criterion.indicatorOf(v), criterion.comparisonOf(v),
                new VariantKey(criterion.countries(), criterion.substitutes()), v);
    }

    /**
     * Scores every town on the rulebook in force from the resolved values; {@code states} holds the previous states
     * by town index (null for a new town). Series are taken from {@code pool} where unchanged; with {@code reuse},
     * evidence records and states that come out equal to the previous ones are kept rather than rebuilt.
     *
     * <p>With {@code sameTowns} (the universe is the one {@code states} were scored on), a characteristic defined
     * as before is scored in columns ({@link ColdScoring}): memberships from the series' primitive arrays, and the
     * towns whose state may differ found by comparing the new series with the previous ones; only those towns'
     * states are evaluated (evidence, percentiles), the others keep theirs.
     */
    private ScoringDelta rescore(Map<SeriesKey, List<Series>> pool, boolean reuse, boolean sameTowns) {
        CharacteristicState[][] before = states;
        List<Characteristic> previous = seriesCharacteristics;
        Series[][][] previousSeries = series;
        int[][][] previousVariant = variant;
        int[][] previousCodes = sameTowns && codes.length == previous.size() ? codes : null;
        boolean[] kept = buildSeries(pool);
        List<Characteristic> cs = rulebook.characteristics();
        // a characteristic defined as before whose series were all kept scores every town as before
        int[] same = new int[cs.size()];
        int[][] nextCodes = new int[cs.size()][];
        BitSet[] changed = new BitSet[cs.size()];
        int[] was = new int[cs.size()];
        List<Runnable> scorings = new ArrayList<>();
        for (int c = 0; c < cs.size(); c++) {
            int p = previous.indexOf(cs.get(c));
            same[c] = reuse && kept[c] ? p : -1;
            was[c] = p;
            if (same[c] >= 0) {
                nextCodes[c] = previousCodes == null ? null : previousCodes[p];
            } else if (p >= 0 && previousCodes != null) {
                // each task reads its own characteristic's series (computing their percentiles if asked)
                ColdScoring cold = new ColdScoring(cs.get(c), universe, series[c], variant[c]);
                int at = c;
                scorings.add(() -> {
                    nextCodes[at] = cold.memberships();
                    changed[at] = cold.changedSince(previousSeries[p], previousVariant[p], previousCodes[p]);
                });
            }
        }
        // a pooled series can be one characteristic's previous and another's new series: no threads then
        if (pool.isEmpty()) {
            inParallel(scorings);
        } else {
            scorings.forEach(Runnable::run);
        }
        states = new CharacteristicState[universe.size()][cs.size()];
        List<CharacteristicDelta> changes = new ArrayList<>();
        for (int t = 0; t < universe.size(); t++) {
            CharacteristicState[] old = before[t];
            for (int c = 0; c < cs.size(); c++) {
                if (old != null && same[c] >= 0 && same[c] < old.length && old[same[c]] != null) {
                    states[t][c] = old[same[c]];
                    continue;
                }
                if (old != null && changed[c] != null && !changed[c].get(t)) {
                    states[t][c] = old[was[c]];
                    continue;
                }
                CharacteristicState prev = find(old, cs.get(c).id(), c);
                CharacteristicState next = evaluate(t, c, reuse ? prev : null);
                states[t][c] = next;
                if (next != prev && !next.equals(prev)) {
                    changes.add(new CharacteristicDelta(universe.get(t).code(), prev, next));
                }
            }
        }
        for (int c = 0; c < cs.size(); c++) {
            if (nextCodes[c] == null) {
                nextCodes[c] = new int[universe.size()];
                for (int t = 0; t < universe.size(); t++) {
                    nextCodes[c][t] = ColdScoring.code(states[t][c]);
                }
            }
        }
        codes = nextCodes;
        return new ScoringDelta(false, changes);
    }

    private static CharacteristicState find(CharacteristicState[] old, String id, int hint) {
        if (old == null) {
            return null;
        }
        if (hint < old.length && old[hint].characteristicId().equals(id)) {
            return old[hint];
        }
        for (CharacteristicState s : old) {
            if (s.characteristicId().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Builds the series of the rulebook in force; true for each characteristic whose series all came from the pool. */
    private boolean[] buildSeries(Map<SeriesKey, List<Series>> pool) {
        List<Characteristic> cs = rulebook.characteristics();
        boolean[] kept = new boolean[cs.size()];
        series = new Series[cs.size()][][];
        variant = new int[cs.size()][][];
        List<Runnable> loads = new ArrayList<>();
        for (int c = 0; c < cs.size(); c++) {
            List<Criterion> ks = cs.get(c).criteria();
            series[c] = new Series[ks.size()][];
            variant[c] = new int[ks.size()][];
            kept[c] = true;
            for (int k = 0; k < ks.size(); k++) {
                Criterion criterion = ks.get(k);
                int[] of = variants.computeIfAbsent(new VariantKey(criterion.countries(), criterion.substitutes()),
                        x -> variantsOf(criterion));
                variant[c][k] = of;
                Series[] vs = new Series[1 + criterion.substitutes().size()];
                for (int v = 0; v < vs.length; v++) {
                    List<Series> pooled = pool.get(keyOf(criterion, v));
                    boolean reused = pooled != null && !pooled.isEmpty();
                    if (reused) {
                        vs[v] = pooled.remove(pooled.size() - 1);
                    } else {
                        int at = v;
                        Resolver.Column column = resolver.column(criterion.indicatorOf(v)); // built here, not in a task
                        loads.add(() -> vs[at] = load(criterion, at, of, column));
                    }
                    kept[c] &= reused;
                }
                series[c][k] = vs;
            }
        }
        inParallel(loads);
        seriesCharacteristics = cs;
        return kept;
    }

    /**
     * Runs independent tasks (each writes its own slot), on two threads for a large universe: a cold scoring of
     * 200,000 towns loads ~100 series of 200,000 values; the bundled 1,371 towns do not pay for the hand-over.
     */
    private void inParallel(List<Runnable> tasks) {
        if (universe.size() >= PARALLEL_TOWNS && tasks.size() > 1) {
            tasks.parallelStream().forEach(Runnable::run);
        } else {
            tasks.forEach(Runnable::run);
        }
    }

    /** The rulebook characteristics the {@link #series} were built for (their criteria key the pool). */
    private List<Characteristic> seriesCharacteristics = List.of();

    private int[] variantsOf(Criterion criterion) {
        int[] of = new int[universe.size()];
        Map<String, Integer> byCountry = new HashMap<>(); // the variant depends on the country only
        for (int t = 0; t < of.length; t++) {
            Town town = universe.get(t);
            String country = String.valueOf(town.country());
            Integer v = byCountry.get(country);
            if (v == null) {
                v = criterion.variantFor(town);
                byCountry.put(country, v);
            }
            of[t] = v;
        }
        return of;
    }

    /** A new series of the towns scored on variant {@code v}, loaded from the resolved values, sorted, refreshed. */
    private Series load(Criterion criterion, int v, int[] of, Resolver.Column column) {
        double[] values = new double[of.length];
        for (int t = 0; t < of.length; t++) {
            values[t] = of[t] == v ? column.value(t) : Double.NaN;
        }
        return new Series(criterion.indicatorOf(v), criterion.comparisonOf(v), values, column);
    }

    // ---- incremental ----------------------------------------------------------------------------------------

    private ScoringDelta incremental(Map<String, BitSet> raw) {
        Map<String, BitSet> changed = resolver.update(raw);
        List<Characteristic> cs = rulebook.characteristics();
        BitSet[] dirty = new BitSet[cs.size()];
        for (int c = 0; c < cs.size(); c++) {
            dirty[c] = new BitSet(universe.size());
        }
        for (int c = 0; c < cs.size(); c++) {
            for (int k = 0; k < series[c].length; k++) {
                for (int v = 0; v < series[c][k].length; v++) {
                    Series s = series[c][k][v];
                    BitSet towns = changed.get(s.indicator);
                    if (towns == null) {
                        continue;
                    }
                    boolean any = false;
                    // many towns (a large release): one sort at the refresh beats an array shift per town
                    boolean bulk = towns.cardinality() > BULK_TOWNS;
                    for (int t = towns.nextSetBit(0); t >= 0; t = towns.nextSetBit(t + 1)) {
                        if (variant[c][k][t] != v) {
                            continue;
                        }
                        double value = s.column.value(t);
                        // evidence shows period, release and note too: the town is dirty even when the number is not
                        dirty[c].set(t);
                        any |= bulk ? s.put(t, value) : s.update(t, value);
                    }
                    if (any && s.refresh(dirty[c])) {
                        dirty[c].set(0, universe.size());
                    }
                }
            }
        }
        BitSet touched = new BitSet(universe.size());
        for (BitSet d : dirty) {
            touched.or(d);
        }
        List<CharacteristicDelta> changes = new ArrayList<>();
        for (int t = touched.nextSetBit(0); t >= 0; t = touched.nextSetBit(t + 1)) {
            for (int c = 0; c < cs.size(); c++) {
                if (!dirty[c].get(t)) {
                    continue;
                }
                CharacteristicState next = evaluate(t, c);
                if (!next.equals(states[t][c])) {
                    changes.add(new CharacteristicDelta(universe.get(t).code(), states[t][c], next));
                    states[t][c] = next;
                    codes[c][t] = ColdScoring.code(next);
                }
            }
        }
        return new ScoringDelta(false, changes);
    }

    // ---- evaluation -----------------------------------------------------------------------------------------

    private CharacteristicState evaluate(int t, int c) {
        return evaluate(t, c, states[t][c]);
    }

    /**
     * The town's state in characteristic {@code c}; evidence records of {@code prev} (the previous state, or null)
     * that come out equal are reused, and {@code prev} itself when nothing differs.
     */
    private CharacteristicState evaluate(int t, int c, CharacteristicState prev) {
        Characteristic ch = rulebook.characteristics().get(c);
        Town town = universe.get(t);
        List<CriterionEvidence> before = prev == null ? List.of() : prev.criteria();
        CriterionEvidence[] evidence = new CriterionEvidence[ch.criteria().size()];
        boolean same = prev != null && before.size() == evidence.length;
        int met = 0;
        boolean missing = false;
        for (int k = 0; k < evidence.length; k++) {
            Criterion criterion = ch.criteria().get(k);
            CriterionEvidence old = k < before.size() ? before.get(k) : null;
            int v = variant[c][k][t];
            if (v < 0) {
                evidence[k] = new CriterionEvidence(criterion.id(), criterion.indicator(),
                        criterion.comparison().describe(), null, null, null, null, null, null, null,
                        "no comparable series for " + town.country());
                missing = true;
            } else {
                Series s = series[c][k][v];
                Val val = s.column.latest[t];
                double value = s.valueByTown[t];
                String period = val == null ? null : s.column.period[t];
                String release = val == null ? null : val.releaseId();
                if (Double.isNaN(value)) {
                    String note = val == null ? "no data for this town" : val.note() != null ? val.note()
                            : MARKED.computeIfAbsent(String.valueOf(val.status()), x -> "value marked " + x);
                    evidence[k] = Evidence.reuse(old, criterion.id(), s.indicator, s.described, Double.NaN,
                            s.threshold, s.mean, -1, null, period, release, note);
                    missing = true;
                } else {
                    boolean ok = !Double.isNaN(s.threshold) && s.comparison.met(value, s.threshold);
                    met += ok ? 1 : 0;
                    evidence[k] = Evidence.reuse(old, criterion.id(), s.indicator, s.described, value,
                            s.threshold, s.mean, s.percentile(t), ok, period, release, val.note());
                }
            }
            if (evidence[k] != old && !evidence[k].equals(old)) {
                same = false;
            }
        }
        int n = ch.criteria().size();
        Membership m;
        if (!ch.admits(town)) {
            m = Membership.NONE;
        } else if (missing) {
            m = Membership.INSUFFICIENT_DATA;
        } else if (met == n) {
            m = Membership.FULL;
        } else if (met == n - 1) {
            m = Membership.PARTIAL;
        } else {
            m = Membership.NONE;
        }
        if (same && prev.membership() == m && prev.criteriaMet() == met && prev.characteristicId().equals(ch.id())
                && prev.letter().equals(ch.letter()) && prev.name().equals(ch.name())) {
            return prev;
        }
        return new CharacteristicState(ch.id(), ch.letter(), ch.name(), m, met, List.of(evidence));
    }
}
