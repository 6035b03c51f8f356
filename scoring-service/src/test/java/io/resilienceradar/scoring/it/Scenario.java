package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data side of the acceptance tests: which releases make a town gain a characteristic, lose it by a correction,
 * or change nothing. Kept in one place because it depends on the rulebook.
 */
final class Scenario {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final AtomicInteger NEXT_TOWN = new AtomicInteger();
    /** Release topics that already have the synthetic register (each child-service run has its own topics). */
    private static final java.util.Set<String> REGISTERED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Synthetic test towns: E63900000 .. E63900999 (gain cases use the first half). */
    static final int TOWNS = 1000;

    record Case(ReleaseMetadata release, String town, List<Observation> observations) {
    }

    private Scenario() {
    }

    static String town(int i) {
        return String.format("E63%06d", 900_000 + i);
    }

    /**
     * A synthetic register (the default register dataset, so these towns are the universe) and a baseline for the
     * four inputs of characteristic J, so that one town's values can move it in or out. Idempotent: the service
     * applies a release once.
     */
    static synchronized void ensureRegister(ReleaseSender sender) {
        if (REGISTERED.contains(sender.topic())) {
            return;
        }
        List<Observation> towns = new java.util.ArrayList<>();
        List<Observation> baseline = new java.util.ArrayList<>();
        for (int i = 0; i < TOWNS; i++) {
            String code = town(i);
            towns.add(new Observation("name", code, "2022", null, null, "Synthetic town " + i));
            towns.add(new Observation("region", code, "2022", null, null, "North East"));
            towns.add(new Observation("country", code, "2022", null, null, "England"));
            towns.add(new Observation("size_class", code, "2022", null, null, "Small"));
            towns.add(new Observation("coastal", code, "2022", null, null, "Non-coastal"));
            baseline.add(Observation.of("inactive_pct", code, "2021", 30 + i % 7));
            baseline.add(Observation.of("inactive_sick_pct", code, "2021", 3 + i % 3));
            baseline.add(Observation.of("employment_change_pct", code, "2015-01-01/P9Y", 10 - i % 5));
            baseline.add(Observation.of("further_from_major_town", code, "2021", 0));
        }
        sender.send(ReleaseSender.metadata("bua2022-towns", "test", 1, ReleaseMetadata.KIND_REGISTER, false), towns, 500);
        sender.send(ReleaseSender.metadata("test-baseline", "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false),
                baseline, 1000);
        REGISTERED.add(sender.topic());
    }

    static String unique(String tag) {
        return "test-" + tag + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
    }

    /** A release that puts a fresh town into J (labour-market detachment): every criterion far past the mean. */
    static Case gain(ReleaseSender sender, String tag) {
        String town = town(NEXT_TOWN.getAndIncrement() % (TOWNS / 2));
        ReleaseMetadata m = ReleaseSender.metadata(unique(tag), "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false);
        List<Observation> obs = List.of(Observation.of("inactive_pct", town, "2021", 90),
                Observation.of("inactive_sick_pct", town, "2021", 40),
                Observation.of("employment_change_pct", town, "2015-01-01/P9Y", -40),
                Observation.of("further_from_major_town", town, "2021", 1));
        sender.send(m, obs, 1);
        return new Case(m, town, obs);
    }

    /** A correction (next version, alert type correction) that takes two of the four criteria away: J is lost. */
    static ReleaseMetadata loseByCorrection(ReleaseSender sender, Case gained) {
        ReleaseMetadata g = gained.release();
        ReleaseMetadata m = ReleaseSender.metadata(g.datasetId(), g.edition(), g.version() + 1,
                ReleaseMetadata.KIND_OBSERVATIONS, true);
        sender.send(m, List.of(Observation.of("inactive_pct", gained.town(), "2021", 5),
                Observation.of("inactive_sick_pct", gained.town(), "2021", 0.5)), 10);
        return m;
    }

    static ReleaseMetadata neutral(ReleaseSender sender, String tag) {
        ReleaseMetadata m = ReleaseSender.metadata(unique(tag), "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false);
        sender.send(m, List.of(Observation.of("unused", "E63000001", "2021", 1)), 10);
        return m;
    }

    static void resend(ReleaseSender sender, Case c) {
        sender.send(c.release(), c.observations(), 1);
    }

    static void sendWithBadChecksum(ReleaseSender sender, ReleaseMetadata m) {
        ReleaseSender.Parts parts = sender.sendUnsealed(m, List.of(Observation.of("x", "E63000001", "2021", 1)), 10);
        sender.sealed(m.datasetId(), new ReleaseSealed(m.releaseId(), parts.batches(), parts.observations(),
                "0".repeat(64)));
    }
}
