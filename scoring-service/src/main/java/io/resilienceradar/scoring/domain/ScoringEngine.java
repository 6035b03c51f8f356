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
import java.util.Set;

/**
 * The scoring engine: plain Java, in memory, deterministic. From the register, the lookups, the rulebook and the
 * observations it keeps every town's membership of every characteristic with per-criterion evidence, and for each
 * change returns exactly the (town, characteristic) states that changed.
 *
 * <p>Observation releases are applied incrementally: only the (indicator, town) values the release reached are
 * re-resolved, only the criteria on those indicators refreshed, and only the towns whose value, percentile or — when
 * the published threshold or mean moved — whose criterion was touched are re-evaluated. Register, lookup and
 * rulebook changes take the full recompute, which is also the reference the incremental path is tested against.
 * Not thread-safe.
 */
public final class ScoringEngine {
    /** Above this many changed towns a series is re-sorted once rather than updated town by town. */
    private static final int BULK_TOWNS = 64;
    private final EngineSettings settings;
    private final Sources sources;
    private Rulebook rulebook;
    private List<Town> universe = List.of();
    private final Map<String, Integer> index = new HashMap<>();
    private Resolver resolver;
    /** [characteristic][criterion][variant]. */
    private Series[][][] series = new Series[0][][];
    /** indicator → the series that use it. */
    private final Map<String, List<Series>> seriesByIndicator = new HashMap<>();
    /** [characteristic][criterion][town] → variant index, -1 when no series covers the town's country. */
    private int[][][] variant = new int[0][][];
    /** [town][characteristic]. */
    private CharacteristicState[][] states = new CharacteristicState[0][];

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

    /** Puts a new rulebook version in force: every town is recomputed. */
    public ScoringDelta applyRulebook(Rulebook next) {
        this.rulebook = next;
        return rebuild();
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
        resolver = new Resolver(rulebook, settings, sources, index.keySet());
        resolver.all();
        buildSeries();
        List<Characteristic> cs = rulebook.characteristics();
        states = new CharacteristicState[universe.size()][cs.size()];
        List<CharacteristicDelta> changes = new ArrayList<>();
        for (int t = 0; t < universe.size(); t++) {
            CharacteristicState[] old = before.get(universe.get(t).code());
            for (int c = 0; c < cs.size(); c++) {
                states[t][c] = evaluate(t, c);
                CharacteristicState prev = find(old, cs.get(c).id(), c);
                if (!states[t][c].equals(prev)) {
                    changes.add(new CharacteristicDelta(universe.get(t).code(), prev, states[t][c]));
                }
            }
        }
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

    private void buildSeries() {
        List<Characteristic> cs = rulebook.characteristics();
        int towns = universe.size();
        series = new Series[cs.size()][][];
        variant = new int[cs.size()][][];
        seriesByIndicator.clear();
        for (int c = 0; c < cs.size(); c++) {
            List<Criterion> ks = cs.get(c).criteria();
            series[c] = new Series[ks.size()][];
            variant[c] = new int[ks.size()][towns];
            for (int k = 0; k < ks.size(); k++) {
                Criterion criterion = ks.get(k);
                Series[] variants = new Series[1 + criterion.substitutes().size()];
                for (int v = 0; v < variants.length; v++) {
                    variants[v] = new Series(criterion.indicatorOf(v), criterion.comparisonOf(v), towns);
                    seriesByIndicator.computeIfAbsent(variants[v].indicator, x -> new ArrayList<>()).add(variants[v]);
                }
                for (int t = 0; t < towns; t++) {
                    int v = criterion.variantFor(universe.get(t));
                    variant[c][k][t] = v;
                    if (v >= 0) {
                        Val val = resolver.latest(variants[v].indicator, universe.get(t).code());
                        if (val != null && val.value() != null) {
                            variants[v].set(t, val.value());
                        }
                    }
                }
                for (Series s : variants) {
                    s.sortAll();
                    s.refresh(new BitSet());
                }
                series[c][k] = variants;
            }
        }
    }

    // ---- incremental ----------------------------------------------------------------------------------------

    private ScoringDelta incremental(Set<Sources.Change> raw) {
        Map<String, Set<String>> changed = resolver.update(raw);
        List<Characteristic> cs = rulebook.characteristics();
        BitSet[] dirty = new BitSet[cs.size()];
        for (int c = 0; c < cs.size(); c++) {
            dirty[c] = new BitSet(universe.size());
        }
        for (int c = 0; c < cs.size(); c++) {
            for (int k = 0; k < series[c].length; k++) {
                for (int v = 0; v < series[c][k].length; v++) {
                    Series s = series[c][k][v];
                    Set<String> towns = changed.get(s.indicator);
                    if (towns == null) {
                        continue;
                    }
                    boolean any = false;
                    // many towns (a large release): one sort at the refresh beats an array shift per town
                    boolean bulk = towns.size() > BULK_TOWNS;
                    for (String code : towns) {
                        int t = index.get(code);
                        if (variant[c][k][t] != v) {
                            continue;
                        }
                        Val val = resolver.latest(s.indicator, code);
                        double value = val == null || val.value() == null ? Double.NaN : val.value();
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
        List<CharacteristicDelta> changes = new ArrayList<>();
        for (int t = 0; t < universe.size(); t++) {
            for (int c = 0; c < cs.size(); c++) {
                if (!dirty[c].get(t)) {
                    continue;
                }
                CharacteristicState next = evaluate(t, c);
                if (!next.equals(states[t][c])) {
                    changes.add(new CharacteristicDelta(universe.get(t).code(), states[t][c], next));
                    states[t][c] = next;
                }
            }
        }
        return new ScoringDelta(false, changes);
    }

    // ---- evaluation -----------------------------------------------------------------------------------------

    private CharacteristicState evaluate(int t, int c) {
        Characteristic ch = rulebook.characteristics().get(c);
        Town town = universe.get(t);
        List<CriterionEvidence> evidence = new ArrayList<>(ch.criteria().size());
        int met = 0;
        boolean missing = false;
        for (int k = 0; k < ch.criteria().size(); k++) {
            Criterion criterion = ch.criteria().get(k);
            int v = variant[c][k][t];
            if (v < 0) {
                evidence.add(new CriterionEvidence(criterion.id(), criterion.indicator(),
                        criterion.comparison().describe(), null, null, null, null, null, null, null,
                        "no comparable series for " + town.country()));
                missing = true;
                continue;
            }
            Series s = series[c][k][v];
            Val val = resolver.latest(s.indicator, town.code());
            double value = s.valueByTown[t];
            String period = val == null ? null : periodOf(s.indicator, town.code());
            String release = val == null ? null : val.releaseId();
            if (Double.isNaN(value)) {
                String note = val == null ? "no data for this town"
                        : val.note() != null ? val.note() : "value marked " + val.status();
                evidence.add(new CriterionEvidence(criterion.id(), s.indicator, s.described, null,
                        finite(s.threshold), finite(s.mean), null, null, period, release, note));
                missing = true;
                continue;
            }
            boolean ok = !Double.isNaN(s.threshold) && s.comparison.met(value, s.threshold);
            met += ok ? 1 : 0;
            evidence.add(new CriterionEvidence(criterion.id(), s.indicator, s.described, value,
                    finite(s.threshold), finite(s.mean), (double) s.percentile[t], ok, period, release,
                    val.note()));
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
        return new CharacteristicState(ch.id(), ch.letter(), ch.name(), m, met, List.copyOf(evidence));
    }

    private String periodOf(String indicator, String town) {
        return resolver.latestPeriod(indicator, town);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
