package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;

import java.util.List;

/** A town's current standing in every characteristic of the rulebook in force. */
public record TownScore(String townCode, String name, String region, String country, String sizeClass,
                        boolean coastal, List<CharacteristicState> characteristics) {
}
