package io.resilienceradar.contracts.events;

/** First record of a release sequence on {@code radar.releases.v1}. */
public record ReleaseOpened(int schemaVersion, String releaseId, ReleaseMetadata metadata) {
    public static final int SCHEMA_VERSION = 1;

    public ReleaseOpened(ReleaseMetadata metadata) {
        this(SCHEMA_VERSION, metadata.releaseId(), metadata);
    }
}
