package io.resilienceradar.ingest.domain;

/**
 * One row as a reader found it, before validation: all text, with the source line and the column names
 * of the format it came from (so problems name the column the analyst sees).
 */
public record RawRow(long line, String indicator, String area, String period, String value, String status) {
}
