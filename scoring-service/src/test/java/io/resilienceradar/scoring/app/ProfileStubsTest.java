package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A deferred profile, stored as a stub and completed later, is byte for byte the profile serialised whole. */
class ProfileStubsTest {
    private static final List<CharacteristicState> CHARACTERISTICS = List.of(
            new CharacteristicState("rapid-change", "G", "Rapid change", Membership.values()[0], 3, List.of(
                    new CriterionEvidence("G1", "in_migration_pct", "top_percent", 0.1 + 0.2, 12.5, 11.75, 83.3,
                            true, "2021", "census/2021/1", "aggregated from 7 MSOAs, coverage 0.93"),
                    new CriterionEvidence("G2", "x", "below_mean", null, null, null, null, null, null, null, null))),
            new CharacteristicState("coastal", "N", "Coastal challenges 🌊 \u2028 \"", Membership.values()[1], 0,
                    List.of()));

    @Test
    void stubCompletedWithTheCharacteristicsIsTheWholeProfile() {
        TownProfile profile = new TownProfile(TownProfile.SCHEMA_VERSION, "E63000001", "Sómewhere-on-Sea", null,
                "England", "Small", true, "2026.11-2", 42, Instant.parse("2026-11-29T06:40:01.123456789Z"),
                List.of("bench-one-indicator/bench/7"), CHARACTERISTICS);

        byte[] stub = ProfileStubs.stub(profile);

        assertThat(ProfileStubs.read(stub).characteristics()).isEmpty();
        assertThat(new String(ProfileStubs.render(ProfileStubs.read(stub), CHARACTERISTICS)))
                .isEqualTo(new String(Json.write(profile)));
    }

    @Test
    void profileJsonWithKeptStatesIsTheSameBytesAsTheContractJson() {
        ProfileJson json = new ProfileJson();
        TownProfile first = new TownProfile(TownProfile.SCHEMA_VERSION, "E63000001", "Sómewhere-on-Sea", "North East",
                "England", "Small", true, "2026.11-2", 42, Instant.parse("2026-11-29T06:40:01.123456789Z"),
                List.of("bench-one-indicator/bench/7"), CHARACTERISTICS);
        // the next revision: one state changed, the other an equal value (a new object), so it is written from memory
        TownProfile next = new TownProfile(TownProfile.SCHEMA_VERSION, "E63000001", "Sómewhere-on-Sea", "North East",
                "England", "Small", true, "2026.11-2", 43, Instant.parse("2026-11-29T06:41:00Z"),
                List.of("bench-one-indicator/bench/8"), List.of(
                        new CharacteristicState("rapid-change", "G", "Rapid change", Membership.values()[2], 4,
                                CHARACTERISTICS.get(0).criteria()),
                        new CharacteristicState("coastal", "N", "Coastal challenges", Membership.values()[1], 0,
                                List.of())));

        assertThat(new String(json.write(first))).isEqualTo(new String(Json.write(first)));
        assertThat(new String(json.write(first))).isEqualTo(new String(Json.write(first)));
        assertThat(new String(json.write(next))).isEqualTo(new String(Json.write(next)));
        // back to the first states, and another town with equal states
        assertThat(new String(json.write(first))).isEqualTo(new String(Json.write(first)));
        TownProfile elsewhere = ProfileStubs.complete(new TownProfile(TownProfile.SCHEMA_VERSION, "W63000002",
                "Elsewhere", "Wales", "Wales", "Medium", false, "2026.11-2", 1, Instant.parse("2026-11-29T06:41:00Z"),
                List.of("bench-one-indicator/bench/8"), List.of()), next.characteristics());
        assertThat(new String(json.write(elsewhere))).isEqualTo(new String(Json.write(elsewhere)));
        assertThat(new String(json.write(ProfileStubs.complete(ProfileStubs.read(ProfileStubs.stub(first)),
                CHARACTERISTICS)))).isEqualTo(new String(Json.write(first)));
    }
}
