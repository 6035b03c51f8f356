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
    private static volatile boolean registered;

    record Case(ReleaseMetadata release, String town, List<Observation> observations) {
    }

    private Scenario() {
    }

    static synchronized void ensureRegister(ReleaseSender sender) {
        registered = true;
    }

    static String unique(String tag) {
        return "test-" + tag + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
    }

    /** Baseline releases for the benchmark; returns their ids. */
    static List<String> baseline(ReleaseSender sender) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ReleaseMetadata m = ReleaseSender.metadata(unique("baseline"), "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false);
            List<Observation> obs = new java.util.ArrayList<>();
            for (int t = 0; t < 100; t++) {
                obs.add(Observation.of("x", String.format("E63%06d", 10_000 + i * 100 + t), "2021", 1));
            }
            sender.send(m, obs, 50);
            ids.add(m.releaseId());
        }
        return ids;
    }

    static Observation benchObservation(String town, java.util.Random random) {
        return Observation.of("x", town, "2021", random.nextBoolean() ? 1 : -1);
    }

    static Case gain(ReleaseSender sender, String tag) {
        String town = String.format("E63%06d", 100 + SEQ.incrementAndGet());
        ReleaseMetadata m = ReleaseSender.metadata(unique(tag), "2021", 1, ReleaseMetadata.KIND_OBSERVATIONS, false);
        List<Observation> obs = List.of(Observation.of("x", town, "2021", 5), Observation.of("y", town, "2021", 1));
        sender.send(m, obs, 1);
        return new Case(m, town, obs);
    }

    static ReleaseMetadata loseByCorrection(ReleaseSender sender, Case gained) {
        ReleaseMetadata g = gained.release();
        ReleaseMetadata m = ReleaseSender.metadata(g.datasetId(), g.edition(), g.version() + 1,
                ReleaseMetadata.KIND_OBSERVATIONS, true);
        sender.send(m, List.of(Observation.of("x", gained.town(), "2021", -5)), 10);
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
