package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.events.Observation;

import java.util.List;
import java.util.Random;

/** Data for the latency benchmark: a baseline state, then one-indicator releases for every town. */
public final class BenchData {
    public static final String BENCH_DATASET = "bench-one-indicator";

    private BenchData() {
    }

    /** Sends the baseline releases; returns their ids. */
    public static List<String> loadBaseline(ReleaseSender sender) {
        Scenario.ensureRegister(sender);
        return Scenario.baseline(sender);
    }

    public static Observation observation(String town, Random random) {
        return Scenario.benchObservation(town, random);
    }
}
