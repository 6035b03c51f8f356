package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.persistence.MembershipRow;
import io.resilienceradar.query.persistence.RulebookRow;
import io.resilienceradar.query.persistence.SnapshotRow;
import io.resilienceradar.query.persistence.TownProfileRow;
import io.resilienceradar.query.webhooks.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Applies scoring-service's events to the read model, each in one transaction. Idempotent: a change is stored once
 * per event id, a profile only when its revision is newer, so redelivery and a rebuild from offset 0 are harmless.
 */
@ApplicationScoped
public class Materialiser {
    private static final Logger LOG = Logger.getLogger(Materialiser.class);

    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    Event<ChangeCommitted> committed;

    /** @return false when the profile was not newer than the one held (ignored) */
    @Transactional
    public boolean applyProfile(TownProfile p) {
        require(p.townCode() != null && !p.townCode().isBlank(), "profile without townCode");
        require(p.characteristics() != null, "profile without characteristics");
        String body = Json.writeString(p);
        Instant computedAt = p.computedAt() != null ? p.computedAt() : Instant.now();
        // the snapshot is kept even when an older revision arrives late: time travel wants every revision
        if (SnapshotRow.findById(new SnapshotRow.Key(p.townCode(), p.revision())) == null) {
            SnapshotRow s = new SnapshotRow();
            s.townCode = p.townCode();
            s.revision = p.revision();
            s.computedAt = computedAt;
            s.causedBy = Json.writeString(p.causedBy() == null ? List.of() : p.causedBy());
            s.body = body;
            s.persist();
        }
        TownProfileRow row = TownProfileRow.findById(p.townCode());
        if (row != null && row.revision >= p.revision()) {
            LOG.debugf("ignoring profile %s revision %d (holding %d)", p.townCode(), p.revision(), row.revision);
            return false;
        }
        if (row == null) {
            row = new TownProfileRow();
            row.townCode = p.townCode();
        }
        row.townName = p.townName() == null ? p.townCode() : p.townName();
        row.region = p.region();
        row.country = p.country();
        row.sizeClass = p.sizeClass();
        row.coastal = p.coastal();
        row.revision = p.revision();
        row.rulebookVersion = p.rulebookVersion();
        row.computedAt = computedAt;
        row.body = body;
        row.persist();
        MembershipRow.delete("townCode", p.townCode());
        em.flush();
        for (CharacteristicState c : p.characteristics()) {
            require(c.characteristicId() != null, "characteristic without id in " + p.townCode());
            MembershipRow m = new MembershipRow();
            m.townCode = p.townCode();
            m.characteristicId = c.characteristicId();
            m.letter = c.letter();
            m.membership = c.membership() == null ? "INSUFFICIENT_DATA" : c.membership().name();
            m.criteriaMet = c.criteriaMet();
            m.persist();
        }
        return true;
    }

    /** @return false for a duplicate event id */
    @Transactional
    public boolean applyChange(CharacteristicChanged c) {
        require(c.eventId() != null && !c.eventId().isBlank(), "change without eventId");
        require(c.townCode() != null && c.characteristicId() != null && c.transition() != null,
                "change without townCode, characteristicId or transition");
        // insert-if-absent in SQL, so two consumers racing on the same id cannot both win
        int inserted = em.createNativeQuery("""
                        INSERT INTO characteristic_change (event_id, town_code, town_name, region, characteristic_id, letter,
                            transition, previous, current, profile_revision, rulebook_version, occurred_at, body)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, CAST(?13 AS jsonb))
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, c.eventId()).setParameter(2, c.townCode()).setParameter(3, c.townName())
                .setParameter(4, c.region()).setParameter(5, c.characteristicId()).setParameter(6, c.letter())
                .setParameter(7, c.transition().name())
                .setParameter(8, c.previous() == null ? null : c.previous().name())
                .setParameter(9, c.current() == null ? null : c.current().name())
                .setParameter(10, c.profileRevision()).setParameter(11, c.rulebookVersion())
                .setParameter(12, c.occurredAt() != null ? c.occurredAt() : Instant.now())
                .setParameter(13, Json.writeString(c))
                .executeUpdate();
        if (inserted == 0) {
            LOG.debugf("duplicate change %s ignored", c.eventId());
            return false;
        }
        int queued = outbox.enqueue(c);
        committed.fire(new ChangeCommitted(c, queued));
        return true;
    }

    @Transactional
    public boolean applyRulebook(RulebookPublished r) {
        require(r.version() != null && !r.version().isBlank(), "rulebook without version");
        require(r.characteristics() != null, "rulebook without characteristics");
        RulebookRow row = RulebookRow.findById(r.version());
        if (row != null) {
            return false;
        }
        row = new RulebookRow();
        row.version = r.version();
        row.publishedAt = r.publishedAt() != null ? r.publishedAt() : Instant.now();
        row.body = Json.writeString(r);
        row.persist();
        return true;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new Json.ContractViolation(message, null);
        }
    }
}
