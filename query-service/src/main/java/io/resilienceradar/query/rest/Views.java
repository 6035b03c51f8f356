package io.resilienceradar.query.rest;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.query.persistence.MembershipRow;
import io.resilienceradar.query.persistence.TownListRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes and their CSV rows. */
public final class Views {
    private Views() {
    }

    /** A page of a list, with the total across all pages. */
    public record Page<T>(long total, int offset, int limit, List<T> items) {
    }

    /** A town in a list: where it is, and the characteristics it holds fully or partially (letters). */
    public record TownSummary(String townCode, String townName, String region, String country, String sizeClass,
                              boolean coastal, long revision, Instant computedAt, List<String> full,
                              List<String> partial) {
        static TownSummary of(TownListRow t, List<MembershipRow> memberships) {
            List<String> full = new ArrayList<>();
            List<String> partial = new ArrayList<>();
            for (MembershipRow m : memberships == null ? List.<MembershipRow>of() : memberships) {
                String label = m.letter != null ? m.letter : m.characteristicId;
                ("FULL".equals(m.membership) ? full : partial).add(label);
            }
            return new TownSummary(t.townCode(), t.townName(), t.region(), t.country(), t.sizeClass(), t.coastal(),
                    t.revision(), t.computedAt(), full, partial);
        }

        static final List<String> COLUMNS = List.of("townCode", "townName", "region", "country", "sizeClass",
                "coastal", "revision", "computedAt", "full", "partial");

        Map<String, Object> row() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("townCode", townCode);
            r.put("townName", townName);
            r.put("region", region);
            r.put("country", country);
            r.put("sizeClass", sizeClass);
            r.put("coastal", coastal);
            r.put("revision", revision);
            r.put("computedAt", computedAt);
            r.put("full", full);
            r.put("partial", partial);
            return r;
        }
    }

    static final List<String> CHANGE_COLUMNS = List.of("eventId", "occurredAt", "townCode", "townName", "region",
            "characteristicId", "letter", "characteristicName", "previous", "current", "transition", "causedBy",
            "rulebookVersion", "profileRevision");

    static Map<String, Object> changeRow(CharacteristicChanged c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("eventId", c.eventId());
        r.put("occurredAt", c.occurredAt());
        r.put("townCode", c.townCode());
        r.put("townName", c.townName());
        r.put("region", c.region());
        r.put("characteristicId", c.characteristicId());
        r.put("letter", c.letter());
        r.put("characteristicName", c.characteristicName());
        r.put("previous", c.previous());
        r.put("current", c.current());
        r.put("transition", c.transition());
        r.put("causedBy", c.causedBy());
        r.put("rulebookVersion", c.rulebookVersion());
        r.put("profileRevision", c.profileRevision());
        return r;
    }

    /** Full and partial member counts. */
    public record Counts(long full, long partial) {
    }

    public record RegionCounts(String region, long full, long partial) {
    }

    /** A characteristic as the rulebook defines it, with how many towns hold it. */
    public record CharacteristicView(String id, String letter, String name, String description, String sourceReference,
                                     boolean provisional, List<RulebookPublished.Criterion> criteria,
                                     List<String> assumptions, String rulebookVersion, Counts members,
                                     List<RegionCounts> membersByRegion) {
        static CharacteristicView of(RulebookPublished.Definition d, String version, Counts counts,
                                     List<RegionCounts> byRegion) {
            return new CharacteristicView(d.id(), d.letter(), d.name(), d.description(), d.sourceReference(),
                    d.provisional(), d.criteria(), d.assumptions(), version, counts, byRegion);
        }

        static final List<String> COLUMNS = List.of("id", "letter", "name", "provisional", "full", "partial",
                "rulebookVersion", "description");

        Map<String, Object> row() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("letter", letter);
            r.put("name", name);
            r.put("provisional", provisional);
            r.put("full", members.full());
            r.put("partial", members.partial());
            r.put("rulebookVersion", rulebookVersion);
            r.put("description", description);
            return r;
        }
    }

}
