package io.resilienceradar.ingest.domain;

/** The column names a format uses for each field, for problem reports. */
public record Columns(String indicator, String area, String period, String value, String status) {
    public static final Columns TIDY = new Columns("Indicator", "AREACD", "Period", "Observation", "Observation Status");
    public static final Columns JSON = new Columns("indicator", "areaCode", "period", "value", "status");
}
