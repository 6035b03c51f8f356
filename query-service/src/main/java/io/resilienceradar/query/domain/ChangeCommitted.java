package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.events.CharacteristicChanged;

import java.util.List;

/**
 * CDI event fired inside a materialising transaction; observers act after it commits.
 *
 * @param changes the transitions newly stored (duplicates excluded)
 */
public record ChangeCommitted(List<CharacteristicChanged> changes) {
}
