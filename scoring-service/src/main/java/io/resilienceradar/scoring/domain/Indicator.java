package io.resilienceradar.scoring.domain;

import java.util.List;

/**
 * An entry of the indicator catalogue.
 *
 * @param polarity    {@code higher-worse}, {@code higher-better} or {@code neutral}
 * @param geography   the level it is published at: {@code town}, {@code lsoa}, {@code msoa}, {@code local-authority}
 * @param aggregation how small-area values reach towns: {@code sum} (counts), {@code mean} (population-weighted
 *                    rates and scores), {@code share} (recomputed from summed {@code numerator} and {@code denominator}),
 *                    {@code inherit} (a local-authority series: the town takes its authority's value)
 * @param derived     null for a raw series
 */
public record Indicator(String id, String label, String unit, String polarity, String source, String licence,
                        String geography, String aggregation, String numerator, String denominator, Derivation derived) {

    public boolean isDerived() {
        return derived != null;
    }

    /** The raw or derived series this one is computed from (empty for a raw series). */
    public List<String> inputs() {
        if (derived != null) {
            return derived.inputs();
        }
        if ("share".equals(aggregation)) {
            return List.of(numerator, denominator);
        }
        return List.of();
    }

    /**
     * A derived indicator: {@code change_pct} / {@code change_points} of {@code of} from period {@code from} to its
     * latest period; {@code share} (numerator / denominator × 100) and {@code ratio} (numerator / denominator ×
     * {@code scale}, e.g. 100000 for a rate per 100,000) per period both have.
     */
    public record Derivation(String type, String of, String from, String numerator, String denominator, double scale) {
        public List<String> inputs() {
            return switch (type) {
                case "change_pct", "change_points" -> List.of(of);
                default -> List.of(numerator, denominator);
            };
        }

        public String describe() {
            return switch (type) {
                case "change_pct" -> "% change of " + of + " since " + from;
                case "change_points" -> "change in points of " + of + " since " + from;
                case "share" -> numerator + " as % of " + denominator;
                default -> numerator + " / " + denominator + (scale == 1 ? "" : " × " + (long) scale);
            };
        }
    }
}
