package io.resilienceradar.ingest.domain;

import java.util.Map;
import java.util.Set;

/**
 * What a release is validated against: the area register (codes of accepted register/lookup releases, or of the
 * bundled register before any was accepted) and the indicator catalogue with declared ranges.
 */
public record Reference(Set<String> areas, Map<String, Range> indicators) {
}
