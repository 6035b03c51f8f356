package io.resilienceradar.contracts;

import java.util.List;
import java.util.Map;

/**
 * How a topic is created: partitions and topic-level configs. {@link #ALL} is the single source used by the
 * local infrastructure and by the services' topic initialisers; the README table and deploy/asyncapi.yaml mirror it.
 */
public record TopicSpec(String name, int partitions, String key, Map<String, String> configs) {

    private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
    private static final Map<String, String> TWO_WEEKS = Map.of("retention.ms", Long.toString(14L * 24 * 3600 * 1000));

    /** Releases are kept forever: scoring-service rebuilds its state from them. Changes too: query-service history. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(Topics.RELEASES, 3, "dataset id", KEEP_FOREVER),
            new TopicSpec(Topics.CHARACTERISTIC_CHANGES, 6, "town code", KEEP_FOREVER),
            new TopicSpec(Topics.TOWN_PROFILES, 6, "town code", COMPACTED),
            new TopicSpec(Topics.RULEBOOKS, 1, "\"rulebook\"", COMPACTED),
            new TopicSpec(Topics.RELEASES_DLQ, 1, "as received", TWO_WEEKS),
            new TopicSpec(Topics.SCORING_EVENTS_DLQ, 1, "as received", TWO_WEEKS));
}
