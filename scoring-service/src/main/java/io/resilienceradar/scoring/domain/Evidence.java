package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CriterionEvidence;

import java.util.Objects;

/**
 * Builds a criterion's evidence, reusing the previous record when every field comes out equal: a full re-evaluation
 * (a rulebook version, a threshold that moved) then allocates only for the towns whose evidence really changed.
 */
final class Evidence {
    private Evidence() {
    }

    /**
     * @param value      NaN = none
     * @param threshold  NaN or infinite = none
     * @param mean       NaN or infinite = none
     * @param percentile -1 = none
     */
    static CriterionEvidence reuse(CriterionEvidence old, String criterion, String indicator, String comparison,
                                   double value, double threshold, double mean, int percentile, Boolean met,
                                   String period, String release, String note) {
        if (old != null && sameValue(old.value(), value) && same(old.threshold(), threshold)
                && same(old.townsMean(), mean) && same(old.percentile(), percentile)
                && Objects.equals(old.met(), met) && Objects.equals(old.period(), period)
                && Objects.equals(old.releaseId(), release) && Objects.equals(old.note(), note)
                && old.criterionId().equals(criterion) && old.indicator().equals(indicator)
                && old.comparison().equals(comparison)) {
            return old;
        }
        return new CriterionEvidence(criterion, indicator, comparison, Double.isNaN(value) ? null : value, finite(threshold), finite(mean),
                percentile < 0 ? null : (double) percentile, met, period, release, note);
    }

    private static boolean sameValue(Double old, double value) {
        return Double.isNaN(value) ? old == null : old != null && Double.compare(old, value) == 0;
    }

    /** As {@link Double#equals}: the record's own equality. */
    private static boolean same(Double old, double value) {
        return Double.isFinite(value) ? old != null && Double.compare(old, value) == 0 : old == null;
    }

    private static boolean same(Double old, int percentile) {
        return percentile < 0 ? old == null : old != null && Double.compare(old, percentile) == 0;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
