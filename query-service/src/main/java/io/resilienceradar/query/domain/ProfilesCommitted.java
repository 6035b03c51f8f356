package io.resilienceradar.query.domain;

import java.util.Set;

/** CDI event fired inside a materialising transaction: these towns have a newer latest profile once it commits. */
public record ProfilesCommitted(Set<String> townCodes) {
}
