package io.resilienceradar.ingest.domain;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns raw rows into observations, or into problems. Keeps only what validation needs across rows: interned
 * indicator/period/area ids and a compact set of seen keys for the duplicate check, never the rows themselves.
 */
public final class RowValidator {

    private final boolean observationsKind;
    private final Reference reference;
    private final Map<String, Range> declared;
    private final Problems problems;
    private final Map<String, Integer> indicatorIds = new HashMap<>();
    private final Map<String, Integer> periodIds = new HashMap<>();
    private final GssIds areaIds = new GssIds();
    private final SeenKeys seen = new SeenKeys();
    // area ids whose register check passed: one hash lookup per row (the interning) instead of two
    private final java.util.BitSet registered = new java.util.BitSet();
    // rows come grouped by indicator and period: the previous row's lookups are usually this row's
    private String lastIndicator = "";
    private Range lastRange;
    private int lastIndicatorId;
    private String lastPeriod = "";
    private boolean lastPeriodValid;
    private int lastPeriodId;
    private final Set<String> newAreas = new LinkedHashSet<>();

    public RowValidator(String kind, Reference reference, Map<String, Range> declared, Problems problems) {
        this.observationsKind = ReleaseMetadata.KIND_OBSERVATIONS.equals(kind);
        this.reference = reference;
        this.declared = declared;
        this.problems = problems;
    }

    /** The row as an observation, or null when it has problems (they are recorded). */
    public Observation accept(RawRow r, Columns c) {
        long before = problems.total();
        String indicator = trim(r.indicator());
        String area = trim(r.area());
        String period = trim(r.period());
        Range range = Range.OPEN;
        if (indicator.isEmpty()) {
            problems.add(r.line(), c.indicator(), r.indicator(), "missing indicator");
        } else {
            if (!indicator.equals(lastIndicator)) {
                lastIndicator = indicator;
                lastRange = declared.getOrDefault(indicator, reference.indicators().get(indicator));
                lastIndicatorId = intern(indicatorIds, indicator);
            }
            indicator = lastIndicator;
            if (observationsKind) {
                range = lastRange;
                if (range == null) {
                    String near = Similar.nearestName(indicator, reference.indicators().keySet());
                    problems.add(r.line(), c.indicator(), indicator, "unknown indicator (not in the catalogue nor declared in"
                            + " the release's CSV-W metadata)" + (near == null ? "" : "; did you mean '" + near + "'?"));
                }
            }
        }
        int areaId = 0;
        int gss = GssIds.number(area);
        if (area.isEmpty()) {
            problems.add(r.line(), c.area(), r.area(), "missing area code");
        } else if (gss < 0) {
            problems.add(r.line(), c.area(), area, "not a GSS area code (letter E/W/S/N/K and 8 digits)");
        } else {
            areaId = areaIds.id(gss);
            if (observationsKind && !reference.areas().isEmpty() && !registered.get(areaId)) {
                if (reference.areas().contains(area)) {
                    registered.set(areaId);
                } else {
                    String near = Similar.nearestCode(area, reference.areas());
                    problems.add(r.line(), c.area(), area, "unknown area code (not in the accepted register)"
                            + (near == null ? "" : "; did you mean '" + near + "'?"));
                }
            }
        }
        if (!period.equals(lastPeriod)) {
            lastPeriod = period;
            lastPeriodValid = periodValid(period);
            lastPeriodId = intern(periodIds, period);
        }
        period = lastPeriod;
        if (!lastPeriodValid) {
            problems.add(r.line(), c.period(), r.period(), "period does not parse (expected e.g. 2021, 2019-20, "
                    + "2021-03, 2021-03-21 or an ISO-8601 interval such as 2019-01-01/P1Y)");
        }
        Double value = null;
        String status = emptyToNull(trim(r.status()));
        String text = null;
        String raw = trim(r.value());
        if (Markings.isMarking(raw)) {
            status = raw;
        } else if (raw.isEmpty()) {
            if (status == null) {
                problems.add(r.line(), c.value(), r.value(), "empty value without a data marking (*, .., x or :)");
            }
        } else {
            value = parseNumber(raw);
            if (value == null) {
                if (observationsKind) {
                    problems.add(r.line(), c.value(), raw, "not a number");
                } else {
                    text = raw;
                }
            } else if (range != null && !range.contains(value)) {
                problems.add(r.line(), c.value(), raw, "outside the declared range " + range + " of " + indicator);
            }
        }
        if (status != null && !Markings.isMarking(status)) {
            problems.add(r.line(), c.status(), status, "unknown data marking (expected *, .., x or :)");
        }
        if (problems.total() == before && !seen.add(lastIndicatorId, lastPeriodId, areaId)) {
            problems.add(r.line(), c.indicator() + "," + c.area() + "," + c.period(), indicator + "," + area + "," + period,
                    "duplicate (indicator, area, period): the same key appears on an earlier line");
        }
        if (problems.total() != before) {
            return null;
        }
        if (!observationsKind) {
            newAreas.add(area);
        }
        return new Observation(indicator, area, period, value, status, text);
    }

    // a release has few distinct periods: parse each once (a per-row Period.parse was the parser's hot spot)
    private final Map<String, Boolean> periodValidity = new HashMap<>();

    private boolean periodValid(String p) {
        Boolean ok = periodValidity.get(p);
        if (ok == null) {
            ok = Periods.isValid(p);
            if (periodValidity.size() < 100_000) {
                periodValidity.put(p, ok);
            }
        }
        return ok;
    }

    /** Codes a register or lookup release adds to the register. */
    public Set<String> newAreas() {
        return newAreas;
    }

    public Set<String> indicators() {
        return indicatorIds.keySet();
    }

    private static int intern(Map<String, Integer> ids, String s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = ids.size() + 1;
            ids.put(s, id);
        }
        return id;
    }

    static Double parseNumber(String s) {
        char last = s.charAt(s.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) {
            return null; // rejects NaN, Infinity and Java's 1.5d / 1.5f suffixes
        }
        try {
            // Jackson's bundled FastDoubleParser: the same syntax and correctly rounded result as Double.parseDouble,
            // several times cheaper on Java 17 (one call per row)
            double d = com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
