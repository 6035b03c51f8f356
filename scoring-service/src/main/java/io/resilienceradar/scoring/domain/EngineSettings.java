package io.resilienceradar.scoring.domain;

import java.util.Set;

/**
 * What the engine scores.
 *
 * @param registerDataset the register dataset whose towns form the universe (a newer version replaces the older)
 * @param sizeClasses     the size classes scored; the report excluded cities, so Major built-up areas are out
 * @param minCoverage     share (0-1) of a town's population an aggregation from small areas must cover; below it
 *                        the town has insufficient data for that series
 */
public record EngineSettings(String registerDataset, Set<String> sizeClasses, double minCoverage) {
    public static final String DEFAULT_REGISTER = "bua2022-towns";

    public EngineSettings {
        sizeClasses = Set.copyOf(sizeClasses);
        if (minCoverage < 0 || minCoverage > 1) {
            throw new IllegalArgumentException("minCoverage must be between 0 and 1, was " + minCoverage);
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_REGISTER, Set.of("Small", "Medium", "Large"), 0.8);
    }
}
