package io.resilienceradar.contracts;

/**
 * CloudEvent {@code type} values. The version suffix is the schema version of the JSON payload:
 * a consumer that meets an unknown suffix sends the record to its dead-letter topic.
 */
public final class EventTypes {
    public static final String RELEASE_OPENED = "io.resilienceradar.release.opened.v1";
    public static final String RELEASE_OBSERVATIONS = "io.resilienceradar.release.observations.v1";
    public static final String RELEASE_SEALED = "io.resilienceradar.release.sealed.v1";
    public static final String CHARACTERISTIC_CHANGED = "io.resilienceradar.characteristic.changed.v1";
    public static final String TOWN_PROFILE = "io.resilienceradar.town.profile.v1";
    public static final String RULEBOOK_PUBLISHED = "io.resilienceradar.rulebook.published.v1";

    /** CloudEvent sources, one per producing service. */
    public static final String SOURCE_INGEST = "/resilience-radar/ingest-service";
    public static final String SOURCE_SCORING = "/resilience-radar/scoring-service";

    private EventTypes() {
    }
}
