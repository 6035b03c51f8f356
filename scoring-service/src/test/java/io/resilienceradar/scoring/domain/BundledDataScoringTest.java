package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.Membership;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scoring the real bundled data: pins what the data supports today. */
class BundledDataScoringTest {
    static ScoringEngine engine;

    @BeforeAll
    static void score() {
        engine = BundledData.engineWithAll();
    }

    static Map<String, Map<Membership, Integer>> sizes() {
        Map<String, Map<Membership, Integer>> out = new LinkedHashMap<>();
        for (TownScore t : engine.towns()) {
            for (CharacteristicState s : t.characteristics()) {
                out.computeIfAbsent(s.letter(), k -> new EnumMap<>(Membership.class)).merge(s.membership(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void print() {
        sizes().forEach((k, v) -> System.out.println(k + " " + v));
        System.out.println(engine.town("E63007092"));
    }
}
