package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;

/** One (town, characteristic) whose membership or evidence changed; {@code before} is null for a new town. */
public record CharacteristicDelta(String townCode, CharacteristicState before, CharacteristicState after) {
}
