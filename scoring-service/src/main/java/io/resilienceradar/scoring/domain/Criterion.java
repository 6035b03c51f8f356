package io.resilienceradar.scoring.domain;

import java.util.List;

/**
 * One of a characteristic's four criteria.
 *
 * @param countries   where {@code indicator} applies (empty = everywhere); elsewhere a substitute, or insufficient data
 * @param substitutes the series used instead in a country the main one does not cover (e.g. WIMD for Wales)
 * @param assumption  why this indicator or threshold, where the public record leaves it open
 */
public record Criterion(String id, String label, String indicator, Comparison comparison, List<String> countries,
                        List<Substitute> substitutes, String assumption) {

    public record Substitute(String country, String indicator, Comparison comparison) {
    }

    /** The variant a town in {@code town}'s country is scored on: 0 = main, i + 1 = substitute i, -1 = none. */
    int variantFor(Town town) {
        if (countries.isEmpty()) {
            return 0;
        }
        for (String country : countries) { // a loop, not a stream: called per town and criterion on every rebuild
            if (town.in(country)) {
                return 0;
            }
        }
        for (int i = 0; i < substitutes.size(); i++) {
            if (town.in(substitutes.get(i).country())) {
                return i + 1;
            }
        }
        return -1;
    }

    String indicatorOf(int variant) {
        return variant == 0 ? indicator : substitutes.get(variant - 1).indicator();
    }

    Comparison comparisonOf(int variant) {
        return variant == 0 ? comparison : substitutes.get(variant - 1).comparison();
    }
}
