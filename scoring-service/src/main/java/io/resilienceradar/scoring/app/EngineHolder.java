package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.scoring.domain.ScoringEngine;
import io.resilienceradar.scoring.domain.TownScore;
import io.resilienceradar.scoring.persistence.AppliedLog;
import io.resilienceradar.scoring.persistence.ObservationStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The in-memory engine and how far into the applied log it is. The engine is deterministic, so replaying the log
 * in seq order re-creates it exactly: at start, after another replica applied something, and after a failed
 * transaction (which may have left the engine ahead of the database, so it is dropped and replayed).
 */
@ApplicationScoped
public class EngineHolder {
    private static final Logger LOG = Logger.getLogger(EngineHolder.class);

    private final AppliedLog log;
    private final ObservationStore observations;
    private final Rulebooks rulebooks;
    private ScoringEngine engine;
    private long lastSeq;

    public EngineHolder(AppliedLog log, ObservationStore observations, Rulebooks rulebooks) {
        this.log = log;
        this.observations = observations;
        this.rulebooks = rulebooks;
    }

    /** Brings the engine up to the committed log; returns it. Call inside a transaction on {@code c}. */
    public synchronized ScoringEngine catchUp(Connection c) {
        if (engine != null && lastSeq > 0 && !log.exists(c, lastSeq)) {
            // another replica rebuilt the log: this engine's history is gone, start over
            engine = null;
        }
        List<AppliedLog.Entry> entries = log.after(c, engine == null ? 0 : lastSeq);
        if (engine == null) {
            engine = rulebooks.newEngine();
            lastSeq = 0;
        }
        long started = System.nanoTime();
        for (AppliedLog.Entry e : entries) {
            if (e.isRelease()) {
                ReleaseMetadata meta = Json.read(e.metadataJson(), ReleaseMetadata.class);
                engine.apply(meta, observations.load(c, e.seq()));
            } else if (!e.rulebook().equals(engine.rulebook().version())) {
                engine.applyRulebook(rulebooks.load(e.rulebook()));
            }
            lastSeq = e.seq();
        }
        if (entries.size() > 1) {
            LOG.infof("engine replayed %d applied-log entries in %d ms", entries.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return engine;
    }

    /** Runs {@code work} on the caught-up engine, exclusively (the engine is not thread-safe). */
    public synchronized <T> T withEngine(Connection c, java.util.function.Function<ScoringEngine, T> work) {
        return work.apply(catchUp(c));
    }

    /** Records that the engine now includes log entry {@code seq} (applied by this process). */
    public synchronized void advanced(long seq) {
        lastSeq = seq;
    }

    /** Drops the engine: the next {@link #catchUp} replays the whole log. */
    public synchronized void invalidate() {
        engine = null;
        lastSeq = 0;
    }

    /** Starts from an empty engine that is treated as being at {@code seq} (rebuild). */
    public synchronized ScoringEngine reset() {
        engine = rulebooks.newEngine();
        lastSeq = 0;
        return engine;
    }

    public synchronized Optional<TownScore> town(Connection c, String code) {
        return catchUp(c).town(code);
    }

    public synchronized Collection<TownScore> towns(Connection c) {
        return List.copyOf(catchUp(c).towns());
    }

    public synchronized String rulebookVersion(Connection c) {
        return catchUp(c).rulebook().version();
    }
}
