package io.resilienceradar.ingest.domain;

/** An indicator's declared range; either bound may be null (open). */
public record Range(Double minimum, Double maximum) {
    public static final Range OPEN = new Range(null, null);

    public boolean contains(double v) {
        return (minimum == null || v >= minimum) && (maximum == null || v <= maximum);
    }

    @Override
    public String toString() {
        return "[" + (minimum == null ? "-inf" : minimum) + ", " + (maximum == null ? "+inf" : maximum) + "]";
    }
}
