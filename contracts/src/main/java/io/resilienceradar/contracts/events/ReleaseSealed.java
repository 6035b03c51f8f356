package io.resilienceradar.contracts.events;

/**
 * Last record of a release sequence. A consumer applies a release only once it holds exactly
 * {@code batches} batches and {@code observations} observations whose checksum matches.
 *
 * @param checksum SHA-256 (hex) over the observations in order, as computed by {@link ReleaseChecksum}
 */
public record ReleaseSealed(int schemaVersion, String releaseId, int batches, long observations, String checksum) {
    public static final int SCHEMA_VERSION = 1;

    public ReleaseSealed(String releaseId, int batches, long observations, String checksum) {
        this(SCHEMA_VERSION, releaseId, batches, observations, checksum);
    }
}
