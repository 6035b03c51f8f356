package io.resilienceradar.scoring.domain;

import java.util.Locale;

/**
 * How a criterion compares a town's value against the towns of the universe. {@code value} is the percent for
 * top/bottom, k for z-scores, the fixed value for {@code equals}/{@code above_value}/{@code below_value}.
 */
public record Comparison(Type type, double value) {

    public enum Type {
        ABOVE_MEAN, BELOW_MEAN, TOP_PERCENT, BOTTOM_PERCENT, Z_ABOVE, Z_BELOW, EQUALS, ABOVE_VALUE, BELOW_VALUE;

        static Type parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean needsValue() {
            return this != ABOVE_MEAN && this != BELOW_MEAN;
        }
    }

    /** The threshold on these statistics (before rounding). */
    double threshold(SeriesStats s) {
        return switch (type) {
            case ABOVE_MEAN, BELOW_MEAN -> s.mean();
            case Z_ABOVE -> s.mean() + value * s.sd();
            case Z_BELOW -> s.mean() - value * s.sd();
            case TOP_PERCENT -> s.topPercent(value);
            case BOTTOM_PERCENT -> s.bottomPercent(value);
            case EQUALS, ABOVE_VALUE, BELOW_VALUE -> value;
        };
    }

    boolean met(double v, double threshold) {
        return switch (type) {
            case ABOVE_MEAN, Z_ABOVE, ABOVE_VALUE -> v > threshold;
            case BELOW_MEAN, Z_BELOW, BELOW_VALUE -> v < threshold;
            case TOP_PERCENT -> v >= threshold;
            case BOTTOM_PERCENT -> v <= threshold;
            case EQUALS -> v == threshold;
        };
    }

    /** True when the threshold needs the standard deviation of the towns' values. */
    boolean needsSd() {
        return type == Type.Z_ABOVE || type == Type.Z_BELOW;
    }

    /** True when the threshold depends on the other towns' values. */
    boolean relative() {
        return type != Type.EQUALS && type != Type.ABOVE_VALUE && type != Type.BELOW_VALUE;
    }

    /** Human-readable, as shown in evidence: {@code above towns mean}, {@code top 25%}, {@code z > 0.5}. */
    public String describe() {
        String v = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        return switch (type) {
            case ABOVE_MEAN -> "above towns mean";
            case BELOW_MEAN -> "below towns mean";
            case TOP_PERCENT -> "top " + v + "%";
            case BOTTOM_PERCENT -> "bottom " + v + "%";
            case Z_ABOVE -> "z-score above " + v;
            case Z_BELOW -> "z-score below -" + v;
            case EQUALS -> "equals " + v;
            case ABOVE_VALUE -> "above " + v;
            case BELOW_VALUE -> "below " + v;
        };
    }
}
