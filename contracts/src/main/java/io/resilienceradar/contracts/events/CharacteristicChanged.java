package io.resilienceradar.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A town's standing in one characteristic changed (key = town code).
 *
 * @param eventId   stable across redelivery (it is also the CloudEvent id): consumers drop duplicates by it
 * @param causedBy  release ids ({@code dataset/edition/version}) or {@code rulebook:<version>} for a rulebook change
 */
public record CharacteristicChanged(
        int schemaVersion,
        String eventId,
        String townCode,
        String townName,
        String region,
        String characteristicId,
        String letter,
        String characteristicName,
        Membership previous,
        Membership current,
        Transition transition,
        List<CriterionEvidence> evidenceBefore,
        List<CriterionEvidence> evidenceAfter,
        List<String> causedBy,
        String rulebookVersion,
        long profileRevision,
        Instant occurredAt) {
    public static final int SCHEMA_VERSION = 1;
}
