package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.events.CharacteristicChanged;

/** CDI event fired inside the materialising transaction; observers act after it commits. */
public record ChangeCommitted(CharacteristicChanged change, int deliveriesQueued) {
}
