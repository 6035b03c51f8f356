package io.resilienceradar.contracts;

/**
 * Every Kafka topic of the system, in one place. Keys, partitions, retention and compaction are
 * documented in the README topic table and in deploy/asyncapi.yaml; keep the three in step.
 */
public final class Topics {
    /** Releases as ordered sequences (opened, observation batches, sealed); key = dataset id. */
    public static final String RELEASES = "radar.releases.v1";
    /** One CharacteristicChanged per (town, characteristic) whose state changed; key = town code. */
    public static final String CHARACTERISTIC_CHANGES = "radar.characteristic-changes.v1";
    /** Latest full profile per town, log-compacted; key = town code. */
    public static final String TOWN_PROFILES = "radar.town-profiles.v1";
    /** The rulebook in force (definitions, assumptions), log-compacted; key = "rulebook". */
    public static final String RULEBOOKS = "radar.rulebooks.v1";
    /** Records scoring-service could not process, with the reason in headers; key as received. */
    public static final String RELEASES_DLQ = "radar.releases.v1.dlq";
    /** Records query-service could not process; key as received. */
    public static final String SCORING_EVENTS_DLQ = "radar.scoring-events.v1.dlq";

    private Topics() {
    }
}
