package io.resilienceradar.scoring.domain;

import java.util.List;

/**
 * What one change did.
 *
 * @param ignored true when the release was an older (or the same) version of a dataset edition already applied
 * @param changes every (town, characteristic) whose state changed, in town-code then rulebook order
 */
public record ScoringDelta(boolean ignored, List<CharacteristicDelta> changes) {
    public static ScoringDelta ignoredRelease() {
        return new ScoringDelta(true, List.of());
    }
}
