package io.resilienceradar.query.coverage;

import io.agroal.api.AgroalDataSource;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.RulebookPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Computes the coverage report from the materialised latest profiles ({@code town_profile}, {@code town_membership})
 * and the rulebook in force, in SQL, inside one read-only REPEATABLE READ transaction so that every figure comes
 * from the same snapshot. The result is cached under a fingerprint of the data (number of profiles, sum of their
 * revisions, latest computedAt, rulebook version): revisions only grow, so any replaced profile changes the sum,
 * and the fingerprint is one cheap aggregate, correct whichever instance materialised the change.
 */
@ApplicationScoped
public class CoverageService {
    public static final int CRITERIA_TARGET = 40;
    public static final int EVALUABLE_TARGET = 9;
    public static final double EVALUABLE_THRESHOLD = 0.8;

    private static final String RULEBOOK = "SELECT version, published_at, body::text FROM rulebook ORDER BY published_at DESC LIMIT 1";
    private static final String FINGERPRINT = "SELECT count(*), coalesce(sum(revision), 0), max(computed_at) FROM town_profile";
    private static final String TOWNS = """
            SELECT count(*), count(*) FILTER (WHERE country ILIKE '%england%'), count(*) FILTER (WHERE country ILIKE '%wales%'),
                   count(*) FILTER (WHERE rulebook_version IS DISTINCT FROM ?)
            FROM town_profile""";
    private static final String MEMBERSHIPS = """
            SELECT m.characteristic_id,
                   count(*) FILTER (WHERE m.membership = 'FULL'),
                   count(*) FILTER (WHERE m.membership = 'PARTIAL'),
                   count(*) FILTER (WHERE m.membership = 'NONE'),
                   count(*) FILTER (WHERE m.membership = 'INSUFFICIENT_DATA'),
                   count(*) FILTER (WHERE m.membership <> 'INSUFFICIENT_DATA' AND p.country ILIKE '%england%'),
                   count(*) FILTER (WHERE m.membership <> 'INSUFFICIENT_DATA' AND p.country ILIKE '%wales%')
            FROM town_membership m JOIN town_profile p ON p.town_code = m.town_code
            GROUP BY m.characteristic_id""";
    /** Per town: full memberships and evaluable characteristics of the rulebook in force; then over all towns. */
    private static final String PER_TOWN = """
            SELECT count(*), coalesce(sum(t.full_n), 0),
                   count(*) FILTER (WHERE t.evaluable_n = ?), coalesce(sum(t.full_n) FILTER (WHERE t.evaluable_n = ?), 0),
                   count(*) FILTER (WHERE t.evaluable_n = ? AND t.full_n = 0),
                   count(*) FILTER (WHERE t.full_n = 0)
            FROM (SELECT p.town_code,
                         count(m.town_code) FILTER (WHERE m.membership = 'FULL') AS full_n,
                         count(m.town_code) FILTER (WHERE m.membership <> 'INSUFFICIENT_DATA') AS evaluable_n
                  FROM town_profile p
                  LEFT JOIN town_membership m ON m.town_code = p.town_code AND m.characteristic_id = ANY (?)
                  GROUP BY p.town_code) t""";
    /** Per criterion of the evidence: which series, releases and periods supplied values, to how many towns. */
    private static final String EVIDENCE = """
            SELECT ch->>'characteristicId', ev->>'criterionId', ev->>'indicator', ev->>'releaseId', ev->>'period', count(*)
            FROM town_profile p
              CROSS JOIN LATERAL jsonb_array_elements(p.body->'characteristics') ch
              CROSS JOIN LATERAL jsonb_array_elements(ch->'criteria') ev
            WHERE jsonb_typeof(ev->'value') = 'number'
            GROUP BY 1, 2, 3, 4, 5""";

    @Inject
    AgroalDataSource dataSource;

    private final CoverageNotes notes = CoverageNotes.load();
    private final ReentrantLock computing = new ReentrantLock();
    private volatile Cached cached;

    private record Cached(String fingerprint, Coverage coverage) {
    }

    public CoverageNotes notes() {
        return notes;
    }

    /** The report of the current data; null when no rulebook has been published yet. Blocking. */
    public Coverage current() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return current(c);
            } finally {
                c.rollback(); // read-only: nothing to keep
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the coverage report", e);
        }
    }

    private Coverage current(Connection c) throws SQLException {
        Rulebook rulebook = rulebook(c);
        if (rulebook == null) {
            return null;
        }
        String fingerprint;
        Instant asOf;
        try (PreparedStatement s = c.prepareStatement(FINGERPRINT); ResultSet rs = s.executeQuery()) {
            rs.next();
            asOf = instant(rs.getTimestamp(3));
            fingerprint = rs.getLong(1) + "/" + rs.getLong(2) + "/" + asOf + "/" + rulebook.body.version() + "/" + rulebook.publishedAt;
        }
        Cached k = cached;
        if (k != null && k.fingerprint.equals(fingerprint)) {
            return k.coverage;
        }
        computing.lock();
        try {
            k = cached;
            if (k != null && k.fingerprint.equals(fingerprint)) {
                return k.coverage;
            }
            Coverage coverage = compute(c, rulebook, asOf);
            cached = new Cached(fingerprint, coverage);
            return coverage;
        } finally {
            computing.unlock();
        }
    }

    private record Rulebook(RulebookPublished body, Instant publishedAt) {
    }

    private static Rulebook rulebook(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RULEBOOK); ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Rulebook(Json.read(rs.getString(3), RulebookPublished.class), instant(rs.getTimestamp(2))) : null;
        }
    }

    private record Counts(long full, long partial, long none, long insufficient, long evaluableEngland, long evaluableWales) {
    }

    private record SeriesKey(String characteristicId, String criterionId) {
    }

    private static final class Series {
        long towns;
        final TreeSet<String> indicators = new TreeSet<>();
        final TreeSet<String> releases = new TreeSet<>();
        final TreeSet<String> periods = new TreeSet<>();
    }

    private Coverage compute(Connection c, Rulebook rulebook, Instant asOf) throws SQLException {
        RulebookPublished rb = rulebook.body;
        List<RulebookPublished.Definition> defs = rb.characteristics() == null ? List.of() : rb.characteristics();

        long total;
        long england;
        long wales;
        long otherRulebook;
        try (PreparedStatement s = c.prepareStatement(TOWNS)) {
            s.setString(1, rb.version());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
                england = rs.getLong(2);
                wales = rs.getLong(3);
                otherRulebook = rs.getLong(4);
            }
        }

        Map<String, Counts> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(MEMBERSHIPS); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)));
            }
        }

        long fullSum;
        long complete;
        long completeFullSum;
        long inNone;
        long withoutFull;
        try (PreparedStatement s = c.prepareStatement(PER_TOWN)) {
            int n = defs.size();
            s.setInt(1, n);
            s.setInt(2, n);
            s.setInt(3, n);
            s.setArray(4, c.createArrayOf("varchar", defs.stream().map(RulebookPublished.Definition::id).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                fullSum = rs.getLong(2);
                complete = rs.getLong(3);
                completeFullSum = rs.getLong(4);
                inNone = rs.getLong(5);
                withoutFull = rs.getLong(6);
            }
        }

        Map<SeriesKey, Series> series = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(EVIDENCE); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Series v = series.computeIfAbsent(new SeriesKey(rs.getString(1), rs.getString(2)), x -> new Series());
                addIfPresent(v.indicators, rs.getString(3));
                addIfPresent(v.releases, rs.getString(4));
                addIfPresent(v.periods, rs.getString(5));
                v.towns += rs.getLong(6);
            }
        }

        List<Coverage.CharacteristicCoverage> characteristics = new ArrayList<>();
        int criteria = 0;
        int criteriaWithData = 0;
        List<String> evaluableLetters = new ArrayList<>();
        for (RulebookPublished.Definition d : defs) {
            List<Coverage.CriterionCoverage> cs = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (RulebookPublished.Criterion cr : d.criteria() == null ? List.<RulebookPublished.Criterion>of() : d.criteria()) {
                Series v = series.getOrDefault(new SeriesKey(d.id(), cr.id()), new Series());
                boolean hasData = v.towns > 0;
                cs.add(new Coverage.CriterionCoverage(cr.id(), cr.label(), cr.indicator(), cr.comparison(),
                        cr.assumption(), v.towns, hasData, List.copyOf(v.indicators), List.copyOf(v.releases),
                        List.copyOf(v.periods)));
                criteria++;
                if (hasData) {
                    criteriaWithData++;
                } else {
                    missing.add(cr.id());
                }
            }
            Counts k = counts.getOrDefault(d.id(), new Counts(0, 0, 0, 0, 0, 0));
            Double shareEngland = share(k.evaluableEngland, england);
            Double shareWales = share(k.evaluableWales, wales);
            if (shareEngland != null && (double) k.evaluableEngland / england >= EVALUABLE_THRESHOLD) {
                evaluableLetters.add(d.letter() != null ? d.letter() : d.id());
            }
            Integer reportSize = ReportFigures.size(d.letter());
            Double scaled = reportSize == null ? null : round(reportSize * (double) total / ReportFigures.TOWNS, 1);
            characteristics.add(new Coverage.CharacteristicCoverage(d.id(), d.letter(), d.name(), d.provisional(), cs,
                    cs.size() - missing.size(), missing, k.full + k.partial + k.none, shareEngland, shareWales,
                    k.full, k.partial, k.none, k.insufficient, reportSize, scaled, notes.forLetter(d.letter())));
        }

        Coverage.Summary summary = new Coverage.Summary(criteria, criteriaWithData, CRITERIA_TARGET,
                criteriaWithData >= CRITERIA_TARGET, defs.size(), EVALUABLE_THRESHOLD, evaluableLetters.size(),
                evaluableLetters, EVALUABLE_TARGET, evaluableLetters.size() >= EVALUABLE_TARGET, complete,
                total == 0 ? null : round((double) fullSum / total, 2),
                complete == 0 ? null : round((double) completeFullSum / complete, 2),
                inNone, withoutFull, ReportFigures.TOWNS, ReportFigures.MEAN_PER_TOWN, ReportFigures.TOWNS_IN_NONE);
        return new Coverage(rb.version(), rulebook.publishedAt, asOf,
                new Coverage.Towns(total, england, wales, otherRulebook), summary, ReportFigures.SOURCE, characteristics);
    }

    private static void addIfPresent(TreeSet<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 4);
    }

    static double round(double v, int decimals) {
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
