package io.resilienceradar.query.domain;

import java.util.Map;

/**
 * CDI event fired inside a materialising transaction: these towns have a newer latest profile once it commits,
 * rendered (town code → the profile's JSON as stored), so readers can be served it without reading it back.
 */
public record ProfilesCommitted(Map<String, String> rendered) {
}
