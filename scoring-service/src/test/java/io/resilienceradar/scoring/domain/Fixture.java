package io.resilienceradar.scoring.domain;

import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made worlds for the domain tests. */
final class Fixture {
    private Fixture() {
    }

    static Rulebook rulebook(String yaml) {
        return Rulebook.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static ReleaseMetadata release(String dataset, int version, String kind) {
        return new ReleaseMetadata(dataset, "e1", version, LocalDate.of(2026, 1, 1), "fixture " + dataset, kind,
                "fixture", "OGL-3.0", null, true, List.of(), List.of());
    }

    static ReleaseMetadata correction(String dataset, int version) {
        return new ReleaseMetadata(dataset, "e1", version, LocalDate.of(2026, 1, 2), "fixture " + dataset,
                ReleaseMetadata.KIND_OBSERVATIONS, "fixture", "OGL-3.0", null, true,
                List.of(new ReleaseMetadata.Alert(LocalDate.of(2026, 1, 2), "fix", "correction")), List.of());
    }

    /** Town rows of a register release: code, country, coastal, size. */
    static List<Observation> towns(String... specs) {
        List<Observation> rows = new ArrayList<>();
        for (String spec : specs) {
            String[] f = spec.split(":");
            rows.add(new Observation("name", f[0], "2022", null, null, "Town " + f[0]));
            rows.add(new Observation("region", f[0], "2022", null, null, f[1].equals("Wales") ? "Wales" : "North East"));
            rows.add(new Observation("country", f[0], "2022", null, null, f[1]));
            rows.add(new Observation("coastal", f[0], "2022", null, null, f[2]));
            rows.add(new Observation("size_class", f[0], "2022", null, null, f.length > 3 ? f[3] : "Small"));
        }
        return rows;
    }

    static ScoringEngine engine(String yaml, String... towns) {
        ScoringEngine e = ScoringEngine.create(rulebook(yaml), EngineSettings.defaults());
        e.apply(release(EngineSettings.DEFAULT_REGISTER, 1, ReleaseMetadata.KIND_REGISTER), towns(towns));
        return e;
    }

    static CharacteristicState state(ScoringEngine e, String town, String letter) {
        return e.town(town).orElseThrow().characteristics().stream().filter(s -> s.letter().equals(letter))
                .findFirst().orElseThrow();
    }

    static CriterionEvidence evidence(ScoringEngine e, String town, String letter, String criterion) {
        return state(e, town, letter).criteria().stream().filter(c -> c.criterionId().equals(criterion))
                .findFirst().orElseThrow();
    }
}
