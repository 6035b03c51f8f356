package io.resilienceradar.scoring.domain;

/** A value of a series for one area or town and period, with where it came from. */
record Val(Double value, String status, String releaseId, String note) {
}
