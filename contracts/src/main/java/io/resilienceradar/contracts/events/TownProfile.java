package io.resilienceradar.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A town's full profile, the value of the log-compacted {@code radar.town-profiles.v1} topic
 * (key = town code): a new consumer can rebuild every profile from that topic alone.
 *
 * @param revision increases by one with every published change of this town's profile
 */
public record TownProfile(
        int schemaVersion,
        String townCode,
        String townName,
        String region,
        String country,
        String sizeClass,
        boolean coastal,
        String rulebookVersion,
        long revision,
        Instant computedAt,
        List<String> causedBy,
        List<CharacteristicState> characteristics) {
    public static final int SCHEMA_VERSION = 1;
}
