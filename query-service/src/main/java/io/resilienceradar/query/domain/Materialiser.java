package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.persistence.RulebookRow;
import io.resilienceradar.query.webhooks.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies scoring-service's events to the read model, a Kafka batch per transaction (JDBC batches: a release
 * touching every town is a handful of round trips, not thousands). Idempotent: a change is stored once per event id
 * and a profile replaces the latest only when its revision is newer, so redelivery and a rebuild from offset 0 are
 * harmless. Events are validated before they get here ({@link #validate}).
 */
@ApplicationScoped
public class Materialiser {
    @Inject
    EntityManager em;
    @Inject
    Event<ChangeCommitted> changesCommitted;
    @Inject
    Event<ProfilesCommitted> profilesCommitted;

    /** @return the towns whose latest profile was replaced (older or equal revisions are ignored) */
    @Transactional
    public Set<String> applyProfiles(List<TownProfile> profiles) {
        // within one batch only the newest revision of a town can become its latest
        Map<String, TownProfile> newest = new LinkedHashMap<>();
        for (TownProfile p : profiles) {
            newest.merge(p.townCode(), p, (a, b) -> b.revision() > a.revision() ? b : a);
        }
        Map<String, String> rendered = new LinkedHashMap<>(); // the JSON of each candidate, rendered once
        newest.values().forEach(p -> rendered.put(p.townCode(), Json.writeString(p)));
        Set<String> replaced = new LinkedHashSet<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO profile_snapshot (town_code, revision, computed_at, caused_by, body)
                    VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb)) ON CONFLICT DO NOTHING""")) {
                for (TownProfile p : profiles) {
                    s.setString(1, p.townCode());
                    s.setLong(2, p.revision());
                    s.setObject(3, time(p.computedAt()));
                    s.setString(4, Json.writeString(p.causedBy() == null ? List.of() : p.causedBy()));
                    // a town's newest revision of the batch was rendered above: not again (≈ 10 KB each)
                    s.setString(5, newest.get(p.townCode()) == p ? rendered.get(p.townCode()) : Json.writeString(p));
                    s.addBatch();
                }
                s.executeBatch();
            }
            List<TownProfile> candidates = new ArrayList<>(newest.values());
            int[] counts;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO town_profile (town_code, town_name, region, country, size_class, coastal, revision,
                        rulebook_version, computed_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                    ON CONFLICT (town_code) DO UPDATE SET town_name = EXCLUDED.town_name, region = EXCLUDED.region,
                        country = EXCLUDED.country, size_class = EXCLUDED.size_class, coastal = EXCLUDED.coastal,
                        revision = EXCLUDED.revision, rulebook_version = EXCLUDED.rulebook_version,
                        computed_at = EXCLUDED.computed_at, body = EXCLUDED.body
                    WHERE town_profile.revision < EXCLUDED.revision""")) {
                for (TownProfile p : candidates) {
                    s.setString(1, p.townCode());
                    s.setString(2, p.townName() == null ? p.townCode() : p.townName());
                    s.setString(3, p.region());
                    s.setString(4, p.country());
                    s.setString(5, p.sizeClass());
                    s.setBoolean(6, p.coastal());
                    s.setLong(7, p.revision());
                    s.setString(8, p.rulebookVersion());
                    s.setObject(9, time(p.computedAt()));
                    s.setString(10, rendered.get(p.townCode()));
                    s.addBatch();
                }
                counts = s.executeBatch();
            }
            List<TownProfile> applied = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) { // 1, or SUCCESS_NO_INFO
                    applied.add(candidates.get(i));
                }
            }
            replaceMemberships(c, applied);
            applied.forEach(p -> replaced.add(p.townCode()));
        });
        if (!replaced.isEmpty()) {
            Map<String, String> committed = new LinkedHashMap<>();
            replaced.forEach(code -> committed.put(code, rendered.get(code)));
            profilesCommitted.fire(new ProfilesCommitted(committed));
        }
        return replaced;
    }

    private static void replaceMemberships(Connection c, List<TownProfile> applied) throws SQLException {
        if (applied.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM town_membership WHERE town_code = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", applied.stream().map(TownProfile::townCode).toArray()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO town_membership (town_code, characteristic_id, letter, membership, criteria_met)
                VALUES (?, ?, ?, ?, ?)""")) {
            for (TownProfile p : applied) {
                for (CharacteristicState ch : p.characteristics()) {
                    s.setString(1, p.townCode());
                    s.setString(2, ch.characteristicId());
                    s.setString(3, ch.letter());
                    s.setString(4, ch.membership() == null ? "INSUFFICIENT_DATA" : ch.membership().name());
                    s.setInt(5, ch.criteriaMet());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    /**
     * Stores new transitions (their webhooks are queued apart, by {@link Outbox}); @return the transitions newly
     * stored, which go to the live stream after commit
     */
    @Transactional
    public List<CharacteristicChanged> applyChanges(List<CharacteristicChanged> changes) {
        List<CharacteristicChanged> stored = em.unwrap(Session.class).doReturningWork(c -> ChangeInserts.insertNew(c, changes));
        if (!stored.isEmpty()) {
            changesCommitted.fire(new ChangeCommitted(stored));
        }
        return stored;
    }

    @Transactional
    public boolean applyRulebook(RulebookPublished r) {
        if (RulebookRow.findById(r.version()) != null) {
            return false;
        }
        RulebookRow row = new RulebookRow();
        row.version = r.version();
        row.publishedAt = r.publishedAt() != null ? r.publishedAt() : Instant.now();
        row.body = Json.writeString(r);
        row.persist();
        return true;
    }

    /** Contract checks beyond JSON shape; a violation dead-letters the record instead of failing the batch. */
    public static void validate(TownProfile p) {
        require(p.townCode() != null && !p.townCode().isBlank(), "profile without townCode");
        require(p.characteristics() != null, "profile without characteristics");
        p.characteristics().forEach(c -> require(c != null && c.characteristicId() != null,
                "characteristic without id in " + p.townCode()));
    }

    public static void validate(CharacteristicChanged c) {
        require(c.eventId() != null && !c.eventId().isBlank(), "change without eventId");
        require(c.townCode() != null && c.characteristicId() != null && c.transition() != null,
                "change without townCode, characteristicId or transition");
        // what the read model cannot hold is refused here, so that no webhook goes out for it either
        fits(c.eventId(), 200, "eventId");
        fits(c.townCode(), 16, "townCode");
        fits(c.townName(), 200, "townName");
        fits(c.region(), 100, "region");
        fits(c.characteristicId(), 64, "characteristicId");
        fits(c.letter(), 4, "letter");
        fits(c.rulebookVersion(), 50, "rulebookVersion");
    }

    public static void validate(RulebookPublished r) {
        require(r.version() != null && !r.version().isBlank(), "rulebook without version");
        require(r.characteristics() != null, "rulebook without characteristics");
    }

    static OffsetDateTime time(Instant instant) {
        return (instant != null ? instant : Instant.now()).atOffset(ZoneOffset.UTC);
    }

    private static void fits(String value, int max, String field) {
        require(value == null || value.length() <= max, field + " longer than " + max + " characters");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new Json.ContractViolation(message, null);
        }
    }
}
