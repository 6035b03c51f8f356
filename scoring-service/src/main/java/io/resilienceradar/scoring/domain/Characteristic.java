package io.resilienceradar.scoring.domain;

import java.util.List;

/**
 * A characteristic (the report's "cluster"): full membership when every criterion is met, partial when all but one.
 *
 * @param gates       conditions a town must pass to be a member at all ({@code coastal}, {@code england}, {@code wales})
 * @param provisional true for the project's own definitions (cluster J), shown wherever it appears
 */
public record Characteristic(String id, String letter, String name, String description, String sourceReference,
                             boolean provisional, List<String> gates, List<Criterion> criteria,
                             List<String> assumptions) {

    boolean admits(Town town) {
        for (String gate : gates) {
            boolean pass = switch (gate) {
                case "coastal" -> town.coastal();
                case "england" -> town.in("England");
                case "wales" -> town.in("Wales");
                default -> throw new IllegalStateException("unknown gate " + gate);
            };
            if (!pass) {
                return false;
            }
        }
        return true;
    }
}
