package io.resilienceradar.scoring.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a release's time goes: one timer per phase of applying and relaying it ({@code radar_scoring_phase_seconds},
 * tag {@code phase}), so the latency benchmark and /q/metrics can say which phase to cut.
 */
@ApplicationScoped
public class PhaseTimers {
    public static final String METRIC = "radar.scoring.phase";

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PhaseTimers(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records {@code nanos} under {@code phase}. */
    public void record(String phase, long nanos) {
        timers.computeIfAbsent(phase, p -> Timer.builder(METRIC).tag("phase", p).register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records the time since {@code since} (a {@link System#nanoTime()}) under {@code phase}; returns now. */
    public long lap(String phase, long since) {
        long now = System.nanoTime();
        record(phase, now - since);
        return now;
    }
}
