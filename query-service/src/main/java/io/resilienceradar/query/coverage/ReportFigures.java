package io.resilienceradar.query.coverage;

import java.util.Map;

/**
 * The published figures of HOPE not hate, "Understanding community resilience in our towns" (2020): full members
 * per characteristic where the report gives them, over its 862 towns, the mean characteristics per town and the
 * towns in none.
 */
public final class ReportFigures {
    public static final String SOURCE = "HOPE not hate, \"Understanding community resilience in our towns\" (2020), 862 towns";
    public static final int TOWNS = 862;
    public static final double MEAN_PER_TOWN = 3.17;
    public static final int TOWNS_IN_NONE = 50;
    private static final Map<String, Integer> SIZES = Map.of(
            "A", 110, "B", 67, "C", 79, "E", 115, "H", 50, "I", 37, "K", 78, "M", 80);

    private ReportFigures() {
    }

    /** The report's full members of the characteristic with this letter, or null where it publishes none. */
    public static Integer size(String letter) {
        return letter == null ? null : SIZES.get(letter.toUpperCase(java.util.Locale.ROOT));
    }
}
