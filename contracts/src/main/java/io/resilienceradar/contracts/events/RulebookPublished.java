package io.resilienceradar.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * The rulebook in force, published by scoring-service on {@code radar.rulebooks.v1}
 * (compacted, key {@code rulebook}) so that query-service can explain every characteristic.
 */
public record RulebookPublished(int schemaVersion, String version, Instant publishedAt, List<Definition> characteristics) {
    public static final int SCHEMA_VERSION = 1;

    /** A characteristic as defined in the rulebook, with its assumptions. */
    public record Definition(String id, String letter, String name, String description, String sourceReference,
                             boolean provisional, List<Criterion> criteria, List<String> assumptions) {
    }

    /** A criterion: which indicator, compared how, gated to which towns. */
    public record Criterion(String id, String label, String indicator, String comparison, List<String> gates,
                            String assumption) {
    }
}
