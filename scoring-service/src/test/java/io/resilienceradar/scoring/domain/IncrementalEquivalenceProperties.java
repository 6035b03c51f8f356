package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental engine against its reference, on random worlds and random histories.
 *
 * <p>A world: a register of 5-40 towns in England and Wales (coastal or not; some Major, so outside the universe),
 * small areas in two lookup geographies (LSOA-like and MSOA-like) with population weights, a town → local authority
 * lookup, and a rulebook written here that uses every comparison type, a {@code coastal} gate, {@code countries:
 * [England]} with and without a Welsh substitute, every aggregation (sum, mean, share, inherit) and every derivation
 * (change_pct, change_points, share, scaled ratio, and derivations of derivations). A history: new versions that
 * supersede the last (dropping some values), corrections of a few values, older or repeated versions (ignored),
 * lookup changes in each geography, register changes that keep the universe, and rulebook edits.
 *
 * <p>After every step:
 * <ul>
 *   <li>{@code towns()} equals {@code recomputeFromScratch()} (the incremental state is the full recompute);</li>
 *   <li>the returned delta, applied to the previous snapshot, gives the new snapshot: every changed
 *       (town, characteristic) is listed once, with the right {@code before}, and nothing unchanged is listed
 *       (a delta whose before equals its after fails);</li>
 *   <li>the state equals a fresh engine fed with only the values a model of the version rules says are in force
 *       (release ids aside, since the replay has other versions): supersede, correct, ignore older;</li>
 *   <li>the membership columns of the cold path agree with the states, and (every other step) a cold scoring
 *       ({@code rescoreWithoutCaches}) changes nothing. Lookup changes and rulebook edits of the indicator
 *       catalogue take the cold path (comparison with the previous series), so the checks above cover it.</li>
 * </ul>
 */
class IncrementalEquivalenceProperties {
    static final String REGISTER = "test-towns";
    static final String EDITION = "e1";
    static final List<String> PERIODS = List.of("2001", "2011", "2021");
    static final List<String> SIZES = List.of("Small", "Medium", "Large", "Major");
    static final int AUTHORITIES = 4;

    /** The lookups: two small-area geographies and the town → local authority one. */
    static final List<String> LOOKUPS = List.of("lookup-lsoa", "lookup-msoa", "lookup-la");
    static final int LA_LOOKUP = 2;

    /** An observations dataset: its id, its indicators and what it is published for. */
    enum Data {
        TOWNS("town-stats", List.of("pop", "score", "score_wales", "flag")),
        AREAS("area-stats", List.of("rate", "count", "num", "den")),
        AUTHORITIES("la-stats", List.of("la_rate", "la_index"));

        final String id;
        final List<String> indicators;

        Data(String id, List<String> indicators) {
            this.id = id;
            this.indicators = indicators;
        }
    }

    static final List<String> ALL_INDICATORS = List.of("pop", "score", "score_wales", "flag", "rate", "count", "num",
            "den", "num_share", "pop_growth", "score_change", "count_share", "rate_ratio", "num_share_change",
            "count_share_growth", "la_rate", "la_index", "la_per_100k");

    // ---- the generated world ---------------------------------------------------------------------------------

    /** @param authority index of the town's local authority; {@code AUTHORITIES} = none */
    record TownSpec(String country, int size, boolean coastal, int authority) {
    }

    /** A small area: its geography (0 or 1), its town (index modulo the towns; unmapped when < 0), its weight. */
    record AreaSpec(int geography, int town, int weight) {
    }

    /** One observation: indicator and target are indices (taken modulo what exists); value null = suppressed. */
    record Obs(int indicator, int target, int period, Integer value) {
    }

    /** The rulebook's knobs: percents, z factors, fixed values and a free criterion (C4). */
    record Rules(int topPct, int bottomPct, int zAbove, int zBelow, int equalsValue, int aboveValue, int belowValue,
                 Comparison.Type freeType, int freeIndicator, int freeValue) {
    }

    sealed interface Action permits Publish, Correct, Stale, Relookup, Reregister, EditRules {
    }

    /**
     * A higher version of a dataset that supersedes the last: it carries the values in force again except every
     * {@code dropEvery}-th (none when 0), which disappear, and then {@code obs} (new or changed values).
     */
    record Publish(int data, int dropEvery, List<Obs> obs) implements Action {
    }

    /** A higher version flagged as a correction: replaces only the values it names. */
    record Correct(int data, List<Obs> obs) implements Action {
    }

    /** An older or repeated version of any dataset (register, lookups, observations): must be ignored. */
    record Stale(int dataset, int back, boolean correction, List<Obs> obs) implements Action {
    }

    /** Small area (or, in the authority lookup, town) → town (or authority) and weight; dropped from the lookup. */
    record Move(int area, int town, int weight, boolean drop) {
    }

    /** A new version of one lookup (superseding, or a correction naming only the moved entries). */
    record Relookup(int lookup, boolean correction, List<Move> moves) implements Action {
    }

    record Tweak(int town, int what) {
    }

    /** A new register version that keeps the universe: coastal flag, country or in-universe size class change. */
    record Reregister(boolean correction, List<Tweak> tweaks) implements Action {
    }

    /** A new rulebook version. */
    record EditRules(Rules rules) implements Action {
    }

    /**
     * @param offset added to every value: with a large one a single change rarely moves the published (4 significant
     *               figures) mean or threshold, so the path that re-evaluates only the towns whose percentile moved is
     *               exercised as well as the one that re-evaluates everyone
     * @param initial a value (or null: suppressed) for every target, indicator and period of each dataset
     */
    record Scenario(List<TownSpec> towns, List<AreaSpec> areas, double minCoverage, double offset, Rules rules,
                    List<List<Integer>> initial, List<Action> actions) {
    }

    // ---- the property ----------------------------------------------------------------------------------------

    @Property(tries = 200)
    void incrementalEqualsFullRecomputeAndDeltasAreExact(@ForAll("scenarios") Scenario scenario) {
        new Run(scenario).run();
    }

    /** Runs a scenario and keeps the model of what is in force. */
    static final class Run {
        final Scenario sc;
        final int nTowns;
        final int nAreas;
        final EngineSettings settings;
        ScoringEngine engine;
        Rulebook rulebook;
        int rulebookVersion = 1;
        final List<TownSpec> towns;
        /** lookup → area (or town) index → {target index, weight}; absent = not in that lookup. */
        final List<Map<Integer, int[]>> lookups = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        final Map<String, Integer> versions = new LinkedHashMap<>();
        /** dataset → (indicator, area, period) → the observation in force. */
        final Map<Data, Map<List<String>, Observation>> model = new LinkedHashMap<>();
        Map<String, Map<String, CharacteristicState>> snapshot = Map.of();
        int step;
        String doing;
        /** True once the engine has every dataset the replay feeds (the last initial release is being applied). */
        boolean initialised;
        final Set<Membership> memberships = new HashSet<>();
        int incrementalChanges;
        int partialChanges;

        Run(Scenario sc) {
            this.sc = sc;
            this.nTowns = sc.towns().size();
            this.nAreas = sc.areas().size();
            this.settings = new EngineSettings(REGISTER, Set.of("Small", "Medium", "Large"), sc.minCoverage());
            this.towns = new ArrayList<>(sc.towns());
            for (int a = 0; a < nAreas; a++) {
                AreaSpec s = sc.areas().get(a);
                if (s.town() >= 0) {
                    lookups.get(s.geography()).put(a, new int[]{s.town() % nTowns, s.weight()});
                }
            }
            for (int t = 0; t < nTowns; t++) {
                if (towns.get(t).authority() < AUTHORITIES) {
                    lookups.get(LA_LOOKUP).put(t, new int[]{towns.get(t).authority(), 1});
                }
            }
            for (Data d : Data.values()) {
                model.put(d, new LinkedHashMap<>());
            }
        }

        void run() {
            rulebook = rulebook(sc.rules(), "r" + rulebookVersion);
            engine = ScoringEngine.create(rulebook, settings);
            doing = "create";
            check(new ScoringDelta(false, List.of()), false);
            doing = "register v1";
            check(engine.apply(meta(REGISTER, next(REGISTER), "register", false), registerRows()), false);
            for (int l = 0; l < LOOKUPS.size(); l++) {
                doing = LOOKUPS.get(l) + " v1";
                check(engine.apply(meta(LOOKUPS.get(l), next(LOOKUPS.get(l)), "lookup", false),
                        lookupRows(l, lookups.get(l).keySet())), false);
            }
            for (Data d : Data.values()) {
                doing = d.id + " v1";
                initialised = d == Data.AUTHORITIES;
                publish(d, 0, grid(d, sc.initial().get(d.ordinal())), false);
            }
            for (Action a : sc.actions()) {
                step++;
                doing = a.toString();
                if (a instanceof Publish p) {
                    publish(Data.values()[p.data()], p.dropEvery(), p.obs(), false);
                } else if (a instanceof Correct c) {
                    publish(Data.values()[c.data()], 0, c.obs(), true);
                } else if (a instanceof Stale s) {
                    stale(s);
                } else if (a instanceof Relookup r) {
                    relookup(r);
                } else if (a instanceof Reregister r) {
                    reregister(r);
                } else if (a instanceof EditRules e) {
                    rulebook = rulebook(e.rules(), "r" + ++rulebookVersion);
                    check(engine.applyRulebook(rulebook), false);
                }
            }
            // what the runs reached, reported by jqwik: a property that never sees a member proves little
            Statistics.label("full or partial members at some step")
                    .collect(memberships.contains(Membership.FULL) || memberships.contains(Membership.PARTIAL));
            Statistics.label("incremental steps that changed something").collect(incrementalChanges > 0);
            Statistics.label("incremental steps that changed only some towns").collect(partialChanges > 0);
        }

        int targets(Data d) {
            return switch (d) {
                case TOWNS -> nTowns;
                case AREAS -> nAreas;
                case AUTHORITIES -> AUTHORITIES;
            };
        }

        /** The initial release: a value (or a suppressed one) for every target, indicator and period. */
        List<Obs> grid(Data d, List<Integer> values) {
            List<Obs> out = new ArrayList<>();
            int per = d.indicators.size() * PERIODS.size();
            for (int i = 0; i < targets(d) * per; i++) {
                out.add(new Obs(i % d.indicators.size(), i / per, i / d.indicators.size() % PERIODS.size(),
                        values.get(i)));
            }
            return out;
        }

        void publish(Data d, int dropEvery, List<Obs> obs, boolean correction) {
            Map<List<String>, Observation> inForce = model.get(d);
            List<Observation> rows = new ArrayList<>();
            if (!correction) {
                int i = 0;
                for (Observation o : inForce.values()) {
                    if (dropEvery == 0 || i++ % dropEvery != 0) {
                        rows.add(o);
                    }
                }
                inForce.clear();
            }
            rows.addAll(observations(d, obs));
            rows.forEach(o -> inForce.put(List.of(o.indicator(), o.areaCode(), o.period()), o));
            ScoringDelta delta = engine.apply(meta(d.id, next(d.id), "observations", correction), rows);
            if (!delta.changes().isEmpty()) {
                incrementalChanges++;
                if (delta.changes().stream().map(CharacteristicDelta::townCode).distinct().count()
                        < engine.towns().size()) {
                    partialChanges++;
                }
            }
            check(delta, false);
        }

        void stale(Stale s) {
            List<String> all = new ArrayList<>(List.of(REGISTER));
            all.addAll(LOOKUPS);
            for (Data d : Data.values()) {
                all.add(d.id);
            }
            int which = s.dataset() % all.size();
            String dataset = all.get(which);
            int version = Math.max(1, versions.get(dataset) - s.back());
            List<Observation> rows;
            String kind;
            if (which == 0) {
                kind = "register";
                rows = registerRows();
            } else if (which <= LOOKUPS.size()) {
                kind = "lookup";
                rows = lookupRows(which - 1, Set.of());
            } else {
                kind = "observations";
                rows = observations(Data.values()[which - 1 - LOOKUPS.size()], s.obs());
            }
            ScoringDelta delta = engine.apply(meta(dataset, version, kind, s.correction()), rows);
            assertThat(delta.ignored()).as(context("an older or repeated version must be ignored")).isTrue();
            check(delta, true);
        }

        void relookup(Relookup r) {
            int l = r.lookup() % LOOKUPS.size();
            Map<Integer, int[]> lookup = lookups.get(l);
            Set<Integer> named = new HashSet<>();
            for (Move m : r.moves()) {
                int key;
                int[] entry;
                if (l == LA_LOOKUP) {
                    key = m.area() % nTowns;
                    entry = new int[]{m.town() % AUTHORITIES, 1};
                } else {
                    // moves reach the areas of this geography (an area of the other one is skipped)
                    key = nAreas == 0 ? -1 : m.area() % nAreas;
                    if (key < 0 || sc.areas().get(key).geography() != l) {
                        continue;
                    }
                    entry = new int[]{m.town() % nTowns, m.weight()};
                }
                named.add(key);
                if (m.drop() && !r.correction()) {
                    lookup.remove(key);
                } else {
                    lookup.put(key, entry);
                }
            }
            List<Observation> rows = lookupRows(l, r.correction() ? named : lookup.keySet());
            check(engine.apply(meta(LOOKUPS.get(l), next(LOOKUPS.get(l)), "lookup", r.correction()), rows), false);
        }

        void reregister(Reregister r) {
            for (Tweak t : r.tweaks()) {
                int i = t.town() % nTowns;
                TownSpec s = towns.get(i);
                towns.set(i, switch (t.what() % 3) {
                    case 0 -> new TownSpec(s.country(), s.size(), !s.coastal(), s.authority());
                    case 1 -> new TownSpec(s.country().equals("England") ? "Wales" : "England", s.size(),
                            s.coastal(), s.authority());
                    default -> new TownSpec(s.country(), s.size() == 3 ? 3 : (s.size() + 1) % 3, s.coastal(),
                            s.authority());
                });
            }
            // a correction carries every town too here: the register is small and the model stays simple
            check(engine.apply(meta(REGISTER, next(REGISTER), "register", r.correction()), registerRows()), false);
        }

        // ---- the checks --------------------------------------------------------------------------------------

        void check(ScoringDelta delta, boolean ignored) {
            List<TownScore> now = engine.towns();
            List<TownScore> reference = engine.recomputeFromScratch();
            assertThat(now).as(context("number of towns")).hasSameSizeAs(reference);
            for (int i = 0; i < now.size(); i++) {
                assertSame(now.get(i), reference.get(i), "incremental == full recompute");
            }
            now.forEach(t -> t.characteristics().forEach(c -> memberships.add(c.membership())));
            Map<String, Map<String, CharacteristicState>> next = snapshot(now);
            Map<String, Map<String, CharacteristicState>> applied = new LinkedHashMap<>();
            snapshot.forEach((t, cs) -> applied.put(t, new LinkedHashMap<>(cs)));
            Set<List<String>> seen = new HashSet<>();
            String last = "";
            for (CharacteristicDelta d : delta.changes()) {
                String where = context("delta " + d.townCode() + "/"
                        + (d.after() == null ? "?" : d.after().characteristicId()));
                assertThat(d.after()).as(where + ": after").isNotNull();
                assertThat(d.before()).as(where + ": a delta that changes nothing").isNotEqualTo(d.after());
                String c = d.after().characteristicId();
                assertThat(seen.add(List.of(d.townCode(), c))).as(where + ": listed twice").isTrue();
                assertThat(d.townCode().compareTo(last)).as(where + ": in town-code order").isGreaterThanOrEqualTo(0);
                last = d.townCode();
                Map<String, CharacteristicState> town = applied.computeIfAbsent(d.townCode(), k -> new LinkedHashMap<>());
                assertThat(d.before()).as(where + ": before = the previous state").isEqualTo(town.get(c));
                town.put(c, d.after());
            }
            assertThat(applied).as(context("previous snapshot + delta == new snapshot")).isEqualTo(next);
            if (ignored) {
                assertThat(delta.changes()).as(context("an ignored release changes nothing")).isEmpty();
            }
            snapshot = next;
            if (initialised && !ignored) {
                List<TownScore> replay = replay();
                assertThat(replay).as(context("version rules: number of towns")).hasSameSizeAs(now);
                for (int i = 0; i < now.size(); i++) {
                    assertSame(withoutReleaseIds(now.get(i)), withoutReleaseIds(replay.get(i)),
                            "version rules: the values in force");
                }
            }
            assertThat(engine.membershipColumnsAgree()).as(context("membership columns == states")).isTrue();
            if (step % 2 == 1) {
                // the cold scoring of the same inputs (series reloaded, memberships in columns) finds no change, and
                // the next steps then run incrementally on its cold-loaded series (percentiles computed on demand)
                assertThat(engine.rescoreWithoutCaches().changes()).as(context("cold scoring: no change")).isEmpty();
                List<TownScore> cold = engine.towns();
                for (int i = 0; i < now.size(); i++) {
                    assertSame(cold.get(i), now.get(i), "cold scoring == the state before it");
                }
                assertThat(engine.membershipColumnsAgree()).as(context("cold membership columns")).isTrue();
            }
        }

        /** A fresh engine fed with only what the model says is in force, each dataset as one version-1 release. */
        List<TownScore> replay() {
            ScoringEngine fresh = ScoringEngine.create(rulebook, settings);
            fresh.apply(meta(REGISTER, 1, "register", false), registerRows());
            for (int l = 0; l < LOOKUPS.size(); l++) {
                fresh.apply(meta(LOOKUPS.get(l), 1, "lookup", false), lookupRows(l, lookups.get(l).keySet()));
            }
            for (Data d : Data.values()) {
                fresh.apply(meta(d.id, 1, "observations", false), new ArrayList<>(model.get(d).values()));
            }
            return fresh.towns();
        }

        /** Equal town scores; on a difference, names the first differing criterion before the whole town. */
        void assertSame(TownScore actual, TownScore expected, String what) {
            if (actual.equals(expected)) {
                return;
            }
            String where = what + ", town " + expected.townCode();
            List<CharacteristicState> a = actual.characteristics();
            List<CharacteristicState> e = expected.characteristics();
            for (int c = 0; c < Math.min(a.size(), e.size()); c++) {
                if (a.get(c).equals(e.get(c))) {
                    continue;
                }
                List<CriterionEvidence> ak = a.get(c).criteria();
                List<CriterionEvidence> ek = e.get(c).criteria();
                for (int k = 0; k < Math.min(ak.size(), ek.size()); k++) {
                    assertThat(ak.get(k)).as(context(where + ", criterion " + ek.get(k).criterionId()))
                            .isEqualTo(ek.get(k));
                }
                assertThat(a.get(c)).as(context(where + ", characteristic " + e.get(c).characteristicId()))
                        .isEqualTo(e.get(c));
            }
            assertThat(actual).as(context(where)).isEqualTo(expected);
        }

        String context(String what) {
            return what + " (step " + step + ": " + doing + ")";
        }

        int next(String dataset) {
            return versions.merge(dataset, 1, Integer::sum);
        }

        // ---- releases ----------------------------------------------------------------------------------------

        List<Observation> registerRows() {
            List<Observation> rows = new ArrayList<>();
            for (int i = 0; i < towns.size(); i++) {
                TownSpec t = towns.get(i);
                String code = townCode(i);
                rows.add(text("name", code, "Town " + i));
                rows.add(text("region", code, t.country().equals("Wales") ? "Wales" : "Region " + (i % 3)));
                rows.add(text("country", code, t.country()));
                rows.add(text("size_class", code, SIZES.get(t.size())));
                // both spellings the register may use
                rows.add(i % 2 == 0 ? text("coastal", code, t.coastal() ? "coastal" : "inland")
                        : new Observation("coastal", code, "2022", t.coastal() ? 1.0 : 0.0, null, null));
            }
            return rows;
        }

        List<Observation> lookupRows(int l, Set<Integer> keys) {
            List<Observation> rows = new ArrayList<>();
            for (int k : keys) {
                int[] e = lookups.get(l).get(k);
                if (l == LA_LOOKUP) {
                    rows.add(text("local_authority", townCode(k), authorityCode(e[0])));
                } else {
                    rows.add(text("town", areaCode(k), townCode(e[0])));
                    rows.add(new Observation("weight", areaCode(k), "2022", (double) e[1], null, null));
                }
            }
            return rows;
        }

        String areaCode(int a) {
            return String.format(Locale.ROOT, "%s%06d", sc.areas().get(a).geography() == 0 ? "E01" : "E02", a);
        }

        List<Observation> observations(Data d, List<Obs> obs) {
            List<Observation> rows = new ArrayList<>();
            for (Obs o : obs) {
                String indicator = d.indicators.get(o.indicator() % d.indicators.size());
                // mostly what the dataset is published for; now and then a town directly, or an unknown code
                int n = targets(d);
                int k = o.target() % (n + (d == Data.TOWNS ? 1 : 2));
                String code;
                if (k < n) {
                    code = switch (d) {
                        case TOWNS -> townCode(k);
                        case AREAS -> areaCode(k);
                        case AUTHORITIES -> authorityCode(k);
                    };
                } else if (k == n + 1) {
                    code = townCode(o.target() / 7 % nTowns);
                } else {
                    code = "E99999999";
                }
                Double value = o.value() == null ? null
                        : indicator.equals("flag") ? (double) (o.value() % 2) : sc.offset() + o.value() / 4.0;
                rows.add(new Observation(indicator, code, PERIODS.get(o.period() % 3), value,
                        value == null ? "x" : null, null));
            }
            return rows;
        }

        static Observation text(String attribute, String code, String text) {
            return new Observation(attribute, code, "2022", null, null, text);
        }
    }

    static String townCode(int i) {
        return String.format(Locale.ROOT, "E63%06d", i);
    }

    static String authorityCode(int i) {
        return String.format(Locale.ROOT, "E06%06d", i);
    }

    static ReleaseMetadata meta(String dataset, int version, String kind, boolean correction) {
        List<ReleaseMetadata.Alert> alerts = correction
                ? List.of(new ReleaseMetadata.Alert(LocalDate.of(2026, 1, 1), "corrected values", "correction"))
                : List.of();
        return new ReleaseMetadata(dataset, EDITION, version, LocalDate.of(2026, 1, 1), dataset + " v" + version, kind,
                "test", "OGL-3.0", "https://example.org/" + dataset, true, alerts, List.of());
    }

    static Map<String, Map<String, CharacteristicState>> snapshot(List<TownScore> towns) {
        Map<String, Map<String, CharacteristicState>> out = new LinkedHashMap<>();
        for (TownScore t : towns) {
            Map<String, CharacteristicState> cs = new LinkedHashMap<>();
            t.characteristics().forEach(c -> cs.put(c.characteristicId(), c));
            out.put(t.townCode(), cs);
        }
        return out;
    }

    static TownScore withoutReleaseIds(TownScore t) {
        List<CharacteristicState> cs = new ArrayList<>();
        for (CharacteristicState c : t.characteristics()) {
            List<CriterionEvidence> es = new ArrayList<>();
            for (CriterionEvidence e : c.criteria()) {
                es.add(new CriterionEvidence(e.criterionId(), e.indicator(), e.comparison(), e.value(), e.threshold(),
                        e.townsMean(), e.percentile(), e.met(), e.period(), null, e.note()));
            }
            cs.add(new CharacteristicState(c.characteristicId(), c.letter(), c.name(), c.membership(),
                    c.criteriaMet(), es));
        }
        return new TownScore(t.townCode(), t.name(), t.region(), t.country(), t.sizeClass(), t.coastal(), cs);
    }

    // ---- the rulebook ----------------------------------------------------------------------------------------

    /** The test rulebook: every comparison, a gate, a country restriction with and without a Welsh substitute. */
    static Rulebook rulebook(Rules r, String version) {
        String yaml = """
                version: "%s"
                description: property-test rulebook
                indicators:
                  - {id: pop, label: Population, geography: town, aggregation: sum}
                  - {id: score, label: Score, geography: town, aggregation: mean}
                  - {id: score_wales, label: Welsh score, geography: town, aggregation: mean}
                  - {id: flag, label: A flag, geography: town, aggregation: mean}
                  - {id: rate, label: A rate, geography: lsoa, aggregation: mean}
                  - {id: count, label: A count, geography: lsoa, aggregation: sum}
                  - {id: num, label: Numerator, geography: lsoa, aggregation: sum}
                  - {id: den, label: Denominator, geography: lsoa, aggregation: sum}
                  - {id: num_share, label: Share, geography: lsoa, aggregation: share, numerator: num, denominator: den}
                  - {id: la_rate, label: Authority rate, geography: local-authority, aggregation: inherit}
                  - {id: la_index, label: Authority index, geography: local-authority, aggregation: inherit}
                  - {id: pop_growth, label: Growth, derived: {type: change_pct, of: pop, from: "2001"}}
                  - {id: score_change, label: Score change, derived: {type: change_points, of: score, from: "2001"}}
                  - {id: count_share, label: Count per head, derived: {type: share, numerator: count, denominator: pop}}
                  - {id: rate_ratio, label: Rate to score, derived: {type: ratio, numerator: rate, denominator: score}}
                  - {id: num_share_change, label: Share change, derived: {type: change_points, of: num_share, from: "2001"}}
                  - {id: count_share_growth, label: Count per head growth, derived: {type: change_pct, of: count_share, from: "2001"}}
                  - {id: la_per_100k, label: Authority rate per 100000, derived: {type: ratio, numerator: la_rate, denominator: pop, scale: 100000}}
                characteristics:
                  - id: alpha
                    letter: A
                    name: Alpha
                    criteria:
                      - {id: A1, indicator: pop_growth, compare: above_mean}
                      - {id: A2, indicator: score, compare: below_mean}
                      - {id: A3, indicator: rate, compare: top_percent, value: %d}
                      - {id: A4, indicator: num_share, compare: bottom_percent, value: %d}
                  - id: beta
                    letter: B
                    name: Beta
                    criteria:
                      - {id: B1, indicator: score, compare: z_above, value: %s}
                      - {id: B2, indicator: count, compare: z_below, value: %s}
                      - {id: B3, indicator: flag, compare: equals, value: %d}
                      - {id: B4, indicator: count_share, compare: above_value, value: %d}
                  - id: gamma
                    letter: C
                    name: Gamma
                    gates: [coastal]
                    criteria:
                      - {id: C1, indicator: rate, compare: below_value, value: %d}
                      - {id: C2, indicator: score_change, compare: above_mean}
                      - {id: C3, indicator: score, compare: top_percent, value: 25, countries: [England], substitutes: [{country: Wales, indicator: score_wales, compare: bottom_percent, value: 50}]}
                      - {id: C4, indicator: %s, compare: %s, value: %s}
                  - id: delta
                    letter: D
                    name: Delta
                    criteria:
                      - {id: D1, indicator: pop, compare: above_mean, countries: [England]}
                      - {id: D2, indicator: rate_ratio, compare: below_mean}
                      - {id: D3, indicator: pop_growth, compare: top_percent, value: %d}
                      - {id: D4, indicator: count, compare: below_mean, countries: [England], substitutes: [{country: Wales, indicator: score_wales, compare: above_mean}]}
                  - id: epsilon
                    letter: E
                    name: Epsilon (second-level derivations)
                    criteria:
                      - {id: E1, indicator: num_share_change, compare: above_mean}
                      - {id: E2, indicator: count_share_growth, compare: below_mean}
                      - {id: E3, indicator: rate_ratio, compare: z_above, value: 0.2}
                      - {id: E4, indicator: score_change, compare: bottom_percent, value: 50}
                  - id: zeta
                    letter: F
                    name: Zeta (local-authority series)
                    criteria:
                      - {id: F1, indicator: la_rate, compare: above_mean}
                      - {id: F2, indicator: la_per_100k, compare: top_percent, value: %d}
                      - {id: F3, indicator: la_index, compare: below_value, value: %d}
                      - {id: F4, indicator: rate, compare: z_below, value: %s}
                """.formatted(version, r.topPct(), r.bottomPct(), r.zAbove() / 10.0, r.zBelow() / 10.0,
                r.equalsValue(), r.aboveValue(), r.belowValue(), ALL_INDICATORS.get(r.freeIndicator()),
                r.freeType().name().toLowerCase(Locale.ROOT), freeValue(r.freeType(), r.freeValue()),
                Math.max(1, 100 - r.topPct()), r.topPct(), r.belowValue(), r.zBelow() / 10.0);
        return Rulebook.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static String freeValue(Comparison.Type type, int v) {
        return switch (type) {
            case TOP_PERCENT, BOTTOM_PERCENT -> String.valueOf(v);
            case Z_ABOVE, Z_BELOW -> String.valueOf(v / 50.0);
            default -> String.valueOf(v / 10.0);
        };
    }

    // ---- generators ------------------------------------------------------------------------------------------

    static final int MAX_TOWNS = 40;
    static final int MAX_AREAS = 60;

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<TownSpec> town = Combinators.combine(
                Arbitraries.of("England", "England", "England", "Wales"),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, AUTHORITIES)).as(TownSpec::new);
        Arbitrary<AreaSpec> area = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(-1, MAX_TOWNS), Arbitraries.integers().between(1, 9).map(w -> w * 100))
                .as(AreaSpec::new);
        Arbitrary<List<List<Integer>>> initial = Combinators.combine(
                value().list().ofSize(MAX_TOWNS * Data.TOWNS.indicators.size() * PERIODS.size()),
                value().list().ofSize(MAX_AREAS * Data.AREAS.indicators.size() * PERIODS.size()),
                value().list().ofSize(AUTHORITIES * Data.AUTHORITIES.indicators.size() * PERIODS.size()))
                .as(List::of);
        return Combinators.combine(
                town.list().ofMinSize(5).ofMaxSize(MAX_TOWNS),
                area.list().ofMaxSize(MAX_AREAS),
                Arbitraries.of(0.0, 0.5, 0.8, 1.0),
                Arbitraries.of(0.0, 100_000.0),
                rules(),
                initial,
                action().list().ofMaxSize(20)).as(Scenario::new);
    }

    static Arbitrary<Rules> rules() {
        Arbitrary<Integer> pct = Arbitraries.integers().between(1, 100);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 15);
        Comparison.Type[] types = Comparison.Type.values();
        return Combinators.combine(List.of(pct, pct, small, small, Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, types.length - 1),
                        Arbitraries.integers().between(0, ALL_INDICATORS.size() - 1), pct))
                .as(v -> new Rules(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6),
                        types[v.get(7)], v.get(8), v.get(9)));
    }

    /** Small integers (quarters once scaled) so that ties, zeros and equal thresholds are common; some suppressed. */
    static Arbitrary<Integer> value() {
        return Arbitraries.integers().between(0, 40).injectNull(0.05);
    }

    static Arbitrary<Obs> obs() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 2), value()).as(Obs::new);
    }

    static Arbitrary<Action> action() {
        Arbitrary<Integer> data = Arbitraries.integers().between(0, Data.values().length - 1);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Action> publish = Combinators.combine(data, Arbitraries.integers().between(0, 12),
                obs().list().ofMaxSize(40)).as(Publish::new);
        Arbitrary<Action> correct = Combinators.combine(data, obs().list().ofMinSize(1).ofMaxSize(3))
                .as(Correct::new);
        Arbitrary<Action> stale = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 2), bool, obs().list().ofMaxSize(20)).as(Stale::new);
        Arbitrary<Move> move = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(1, 9).map(w -> w * 100),
                Arbitraries.integers().between(0, 4).map(d -> d == 0)).as(Move::new);
        Arbitrary<Action> relookup = Combinators.combine(Arbitraries.integers().between(0, LOOKUPS.size() - 1), bool,
                move.list().ofMinSize(1).ofMaxSize(6)).as(Relookup::new);
        Arbitrary<Tweak> tweak = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 2)).as(Tweak::new);
        Arbitrary<Action> reregister = Combinators.combine(bool, tweak.list().ofMinSize(1).ofMaxSize(4))
                .as(Reregister::new);
        Arbitrary<Action> edit = rules().map(EditRules::new);
        return Arbitraries.frequencyOf(
                Tuple.of(5, publish),
                Tuple.of(6, correct),
                Tuple.of(2, stale),
                Tuple.of(3, relookup),
                Tuple.of(1, reregister),
                Tuple.of(2, edit));
    }
}
