package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.contracts.events.Transition;
import io.resilienceradar.scoring.domain.CharacteristicDelta;
import io.resilienceradar.scoring.domain.ScoringDelta;
import io.resilienceradar.scoring.domain.ScoringEngine;
import io.resilienceradar.scoring.domain.TownScore;
import io.resilienceradar.scoring.persistence.OutboxStore.Row;
import io.resilienceradar.scoring.persistence.TownRevisions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns an engine delta into outbox rows: one {@link CharacteristicChanged} per changed (town, characteristic) —
 * membership transitions before changes of evidence only — and, after all of them, one deferred {@link TownProfile}
 * per changed town (stored as a stub, see {@link DeferredProfiles}), both in bundle rows of up to {@link #BUNDLE_EVENTS} events. Ids are name-based UUIDs of
 * (cause, town, characteristic), so the same cause always yields the same ids: consumers drop redelivered
 * duplicates by them.
 */
@ApplicationScoped
public class EventFactory {
    /**
     * Events per bundle row: one row (~500 KB of change events) is written and marked instead of 256, and a release
     * is still several rows, so the database stores one while the next is serialised (streamed COPY).
     */
    static final int BUNDLE_EVENTS = 256;

    private final TownRevisions revisions;
    private final String changesTopic;
    private final String profilesTopic;
    private final String rulebooksTopic;

    public EventFactory(TownRevisions revisions,
                        @ConfigProperty(name = "radar.topics.characteristic-changes") String changesTopic,
                        @ConfigProperty(name = "radar.topics.town-profiles") String profilesTopic,
                        @ConfigProperty(name = "radar.topics.rulebooks") String rulebooksTopic) {
        this.revisions = revisions;
        this.changesTopic = changesTopic;
        this.profilesTopic = profilesTopic;
        this.rulebooksTopic = rulebooksTopic;
    }

    public static String changeEventId(String cause, String townCode, String characteristicId) {
        return uuid("changed|" + cause + "|" + townCode + "|" + characteristicId);
    }

    public static String profileEventId(String cause, String townCode) {
        return uuid("profile|" + cause + "|" + townCode);
    }

    /** The rows for a delta caused by {@code cause} (a release id or {@code rulebook:<version>}). */
    public List<Row> rows(Connection c, ScoringEngine engine, ScoringDelta delta, String cause, Instant now) {
        Batch batch = batch(c, engine, delta, cause, now);
        List<Row> rows = new ArrayList<>(batch.size());
        batch.forEach(rows::add);
        return rows;
    }

    /**
     * The rows for a delta, to be serialised one by one ({@link Batch#forEach}), so that a caller can stream them
     * into the outbox while the database stores the ones before. Takes the towns' new revisions now.
     */
    public Batch batch(Connection c, ScoringEngine engine, ScoringDelta delta, String cause, Instant now) {
        Map<String, List<CharacteristicDelta>> byTown = new LinkedHashMap<>();
        for (CharacteristicDelta d : delta.changes()) {
            byTown.computeIfAbsent(d.townCode(), k -> new ArrayList<>()).add(d);
        }
        Map<String, TownScore> scores = new HashMap<>();
        for (String code : byTown.keySet()) {
            engine.town(code).ifPresent(score -> scores.put(code, score));
        }
        return new Batch(byTown, scores, revisions.nextAll(c, byTown.keySet()), engine.rulebook().version(), cause,
                now);
    }

    /**
     * One {@link CharacteristicChanged} per changed (town, characteristic), then one deferred {@link TownProfile} per
     * changed town that is scored.
     */
    public final class Batch {
        private final Map<String, List<CharacteristicDelta>> byTown;
        private final Map<String, TownScore> scores;
        private final Map<String, Long> revisions;
        private final String rulebook;
        private final String cause;
        private final Instant now;
        // membership transitions first, then the changes of evidence only: a release that moves the towns mean
        // changes every town's evidence, and the few transitions (what alerts wait for) would otherwise sit
        // anywhere among ~1,400 events. Order per town is kept within each group; events of different
        // characteristics of one release are simultaneous (same revision, same time).
        private final List<Change> transitions = new ArrayList<>();
        private final List<Change> evidenceOnly = new ArrayList<>();

        private Batch(Map<String, List<CharacteristicDelta>> byTown, Map<String, TownScore> scores,
                      Map<String, Long> revisions, String rulebook, String cause, Instant now) {
            this.byTown = byTown;
            this.scores = scores;
            this.revisions = revisions;
            this.rulebook = rulebook;
            this.cause = cause;
            this.now = now;
            for (var town : byTown.entrySet()) {
                for (CharacteristicDelta d : town.getValue()) {
                    (isTransition(d) ? transitions : evidenceOnly).add(new Change(town.getKey(), d));
                }
            }
        }

        /** The number of outbox rows: bundles of membership transitions, of changes of evidence only, of profiles. */
        public int size() {
            return bundles(transitions.size()) + bundles(evidenceOnly.size()) + bundles(scores.size());
        }

        private static boolean isTransition(CharacteristicDelta d) {
            return d.before() == null || d.before().membership() != d.after().membership();
        }

        private static int bundles(int events) {
            return (events + BUNDLE_EVENTS - 1) / BUNDLE_EVENTS;
        }

        /**
         * Builds and serialises the rows, then hands them to {@code sink} in outbox order, bundled. A release for every
         * town is ~1,400 change events (~2.6 MB of JSON) and as many profile stubs: they are serialised on the caller's
         * thread and the common pool together (order kept), as the applying transaction waits for nothing else.
         */
        public void forEach(Consumer<Row> sink) {
            List<Row> changes = Stream.concat(transitions.stream(), evidenceOnly.stream()).parallel()
                    .map(w -> changed(w.town(), scores.get(w.town()), revisions.get(w.town()), w.delta())).toList();
            List<Row> profiles = byTown.keySet().parallelStream().filter(scores::containsKey).map(this::profile)
                    .toList();
            // the transitions in bundles of their own kind: the relay sends them in a produce request of their own
            // (OutboxRelay), so they do not ride in a megabyte batch of changes of evidence only
            bundle(changes.subList(0, transitions.size()), Row::transitions, sink);
            bundle(changes.subList(transitions.size(), changes.size()), Row::bundle, sink);
            bundle(profiles, Row::bundle, sink);
        }

        private void bundle(List<Row> rows, BiFunction<String, List<Row>, Row> kind, Consumer<Row> sink) {
            for (int i = 0; i < rows.size(); i += BUNDLE_EVENTS) {
                sink.accept(kind.apply(cause, rows.subList(i, Math.min(rows.size(), i + BUNDLE_EVENTS))));
            }
        }

        private record Change(String town, CharacteristicDelta delta) {
        }

        private Row profile(String code) {
            TownScore score = scores.get(code);
            var profile = new TownProfile(TownProfile.SCHEMA_VERSION, code, score.name(), score.region(),
                    score.country(), score.sizeClass(), score.coastal(), rulebook, revisions.get(code), now,
                    List.of(cause), score.characteristics());
            // captured now (immutable states), serialised by the profile relay after the commit
            return Row.deferredProfile(profilesTopic, profileEventId(cause, code), EventTypes.TOWN_PROFILE, now,
                    profile, ProfileStubs.stub(profile));
        }

        private Row changed(String code, TownScore score, long revision, CharacteristicDelta d) {
            CharacteristicState before = d.before();
            CharacteristicState after = d.after();
            String id = changeEventId(cause, code, after.characteristicId());
            var event = new CharacteristicChanged(CharacteristicChanged.SCHEMA_VERSION, id, code,
                    score == null ? null : score.name(), score == null ? null : score.region(),
                    after.characteristicId(), after.letter(), after.name(),
                    before == null ? null : before.membership(), after.membership(),
                    Transition.of(before == null ? null : before.membership(), after.membership()),
                    before == null ? List.of() : before.criteria(), after.criteria(),
                    List.of(cause), rulebook, revision, now);
            return Row.of(changesTopic, code, id, EventTypes.CHARACTERISTIC_CHANGED,
                    code + "/" + after.characteristicId(), now, Json.write(event));
        }
    }

    public Row rulebook(RulebookPublished published) {
        return Row.of(rulebooksTopic, "rulebook", uuid("rulebook|" + published.version()), EventTypes.RULEBOOK_PUBLISHED,
                published.version(), published.publishedAt() == null ? Instant.now() : published.publishedAt(),
                Json.write(published));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
