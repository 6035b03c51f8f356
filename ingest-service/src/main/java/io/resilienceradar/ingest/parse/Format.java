package io.resilienceradar.ingest.parse;

/** The input formats ingest accepts; detected from the content, whatever the Content-Type says. */
public enum Format {
    /** Explore Local Statistics tidy indicator CSV (AREACD, Indicator, Period, Observation, ...). */
    TIDY_CSV,
    /** ONS V4 import CSV (v4_N, N attributes, then code/label dimension pairs: time, geography, ...). */
    V4_CSV,
    /** {"metadata": {...}, "observations": [{indicator, areaCode, period, value, status}]}. */
    JSON
}
