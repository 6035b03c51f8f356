package io.resilienceradar.ingest.domain;

/** One validation problem, as listed in the RFC 9457 problem document: where, what was there, and why it is wrong. */
public record Problem(long line, String column, String value, String reason) {
}
