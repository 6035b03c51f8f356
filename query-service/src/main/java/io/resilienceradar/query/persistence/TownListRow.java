package io.resilienceradar.query.persistence;

import java.time.Instant;

/** The columns a town list needs (the profile body stays in the database). */
public record TownListRow(String townCode, String townName, String region, String country, String sizeClass,
                          boolean coastal, long revision, Instant computedAt) {
}
