package io.resilienceradar.scoring.domain;

/** A town of the register in force (a 2022 built-up area by default). */
public record Town(String code, String name, String region, String country, String sizeClass, boolean coastal,
                   Double lat, Double lng) {

    /** True when the town lies in {@code country}; the one cross-border town counts for both. */
    public boolean in(String country) {
        return this.country != null && this.country.contains(country);
    }
}
