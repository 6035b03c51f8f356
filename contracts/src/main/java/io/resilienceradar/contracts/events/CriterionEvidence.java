package io.resilienceradar.contracts.events;

/**
 * Why a criterion is met or not for one town: enough to answer "why is my town flagged".
 *
 * @param comparison  human-readable rule, e.g. {@code above towns mean} or {@code top 15%}
 * @param met         null when the town has no value (insufficient data)
 * @param percentile  the town's percentile among evaluable towns of the universe (0-100)
 * @param releaseId   the release the value came from ({@code dataset/edition/version})
 * @param note        e.g. how the value was aggregated or the coverage behind it
 */
public record CriterionEvidence(
        String criterionId,
        String indicator,
        String comparison,
        Double value,
        Double threshold,
        Double townsMean,
        Double percentile,
        Boolean met,
        String period,
        String releaseId,
        String note) {
}
