package io.resilienceradar.contracts.events;

import java.util.List;

/** A batch of a release's observations; {@code sequence} counts from 0 within the release. */
public record ObservationBatch(int schemaVersion, String releaseId, int sequence, List<Observation> observations) {
    public static final int SCHEMA_VERSION = 1;

    public ObservationBatch(String releaseId, int sequence, List<Observation> observations) {
        this(SCHEMA_VERSION, releaseId, sequence, observations);
    }
}
