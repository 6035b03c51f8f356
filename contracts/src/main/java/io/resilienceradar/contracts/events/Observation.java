package io.resilienceradar.contracts.events;

/**
 * One value of one indicator for one area and period.
 *
 * @param indicator indicator id from the catalogue (e.g. {@code population}); for register and lookup
 *                  releases the attribute or target it describes
 * @param areaCode  GSS code (E63 town, E01 LSOA, E06 local authority, ...)
 * @param period    ISO-8601 interval as ONS writes it, e.g. {@code 2021-03-21/P1D} or {@code 2021}
 * @param value     the number, or null when the status marks it missing
 * @param status    ONS data marking kept as observation status: null for a plain value,
 *                  {@code *}, {@code ..}, {@code x} or {@code :} for suppressed or unavailable values
 * @param text      a non-numeric attribute (a name, a class, a target code) for register and lookup rows
 */
public record Observation(String indicator, String areaCode, String period, Double value, String status, String text) {

    public static Observation of(String indicator, String areaCode, String period, double value) {
        return new Observation(indicator, areaCode, period, value, null, null);
    }
}
