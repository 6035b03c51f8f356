package io.resilienceradar.contracts.events;

import java.util.List;

/** One characteristic within a town profile. */
public record CharacteristicState(
        String characteristicId,
        String letter,
        String name,
        Membership membership,
        int criteriaMet,
        List<CriterionEvidence> criteria) {
}
