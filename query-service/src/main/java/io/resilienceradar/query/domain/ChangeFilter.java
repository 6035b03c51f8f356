package io.resilienceradar.query.domain;

import io.resilienceradar.contracts.events.CharacteristicChanged;

import java.util.List;
import java.util.Locale;

/**
 * Which transitions someone wants: each non-empty list must contain the change's value (an empty list matches
 * everything). Shared by webhook subscriptions, {@code GET /changes} and the SSE stream so they agree.
 *
 * @param characteristics characteristic ids or letters, e.g. {@code G} or the rulebook id
 * @param transitions     {@link io.resilienceradar.contracts.events.Transition} names, e.g. {@code GAINED}
 * @param regions         region names, case-insensitive
 * @param towns           town codes (GSS, E63/W...)
 */
public record ChangeFilter(List<String> characteristics, List<String> transitions, List<String> regions,
                           List<String> towns) {

    public ChangeFilter {
        characteristics = clean(characteristics);
        transitions = clean(transitions);
        regions = clean(regions);
        towns = clean(towns);
    }

    public static ChangeFilter any() {
        return new ChangeFilter(List.of(), List.of(), List.of(), List.of());
    }

    public boolean matches(CharacteristicChanged c) {
        return (characteristics.isEmpty() || characteristics.stream().anyMatch(x ->
                        x.equalsIgnoreCase(c.characteristicId()) || x.equalsIgnoreCase(c.letter())))
                && (transitions.isEmpty() || (c.transition() != null
                        && transitions.stream().anyMatch(t -> t.equalsIgnoreCase(c.transition().name()))))
                && (regions.isEmpty() || regions.stream().anyMatch(r -> r.equalsIgnoreCase(c.region())))
                && (towns.isEmpty() || towns.stream().anyMatch(t -> t.equalsIgnoreCase(c.townCode())));
    }

    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim)
                .map(v -> v.length() > 200 ? v.substring(0, 200) : v).distinct().toList();
    }

    /** Upper-cased transitions, for validation against the enum. */
    public List<String> transitionNames() {
        return transitions.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList();
    }
}
