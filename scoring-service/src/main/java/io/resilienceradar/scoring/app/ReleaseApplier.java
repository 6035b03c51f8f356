package io.resilienceradar.scoring.app;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.scoring.domain.ScoringDelta;
import io.resilienceradar.scoring.messaging.PoisonRecord;
import io.resilienceradar.scoring.messaging.ReleaseMessage;
import io.resilienceradar.scoring.persistence.AppliedLog;
import io.resilienceradar.scoring.persistence.CommittedOutboxRows;
import io.resilienceradar.scoring.persistence.Db;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.ObservationStore;
import io.resilienceradar.scoring.persistence.OutboxStore;
import io.resilienceradar.scoring.persistence.StagingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles releases in the staging tables and applies a sealed, complete one atomically: observations with
 * provenance, the processed-release log entry, the engine run and the resulting events in the outbox commit
 * together or not at all.
 */
@ApplicationScoped
public class ReleaseApplier {
    private static final Logger LOG = Logger.getLogger(ReleaseApplier.class);
    private static final com.fasterxml.jackson.core.type.TypeReference<List<Observation>> OBSERVATIONS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    public enum Outcome { STAGED, DUPLICATE, APPLIED, IGNORED_OLDER_VERSION }

    private final AgroalDataSource ds;
    private final StagingStore staging;
    private final AppliedLog log;
    private final ObservationStore observations;
    private final OutboxStore outbox;
    private final EngineHolder holder;
    private final EventFactory events;
    private final TransactionSynchronizationRegistry txRegistry;
    private final MeterRegistry meters;
    private final PhaseTimers phases;
    private final CommittedOutboxRows committedRows;

    public ReleaseApplier(AgroalDataSource ds, StagingStore staging, AppliedLog log, ObservationStore observations,
                          OutboxStore outbox, EngineHolder holder, EventFactory events,
                          TransactionSynchronizationRegistry txRegistry, MeterRegistry meters, PhaseTimers phases,
                          CommittedOutboxRows committedRows) {
        this.ds = ds;
        this.staging = staging;
        this.log = log;
        this.observations = observations;
        this.outbox = outbox;
        this.holder = holder;
        this.events = events;
        this.txRegistry = txRegistry;
        this.meters = meters;
        this.phases = phases;
        this.committedRows = committedRows;
    }

    @Transactional
    public Outcome handle(ReleaseMessage message) {
        try (Connection c = ds.getConnection()) {
            if (message instanceof ReleaseMessage.Sealed s) {
                return seal(c, s.event());
            }
            if (log.contains(c, message.releaseId())) {
                return Outcome.DUPLICATE;
            }
            if (message instanceof ReleaseMessage.Opened o) {
                staging.open(c, o.releaseId(), Json.writeString(o.event().metadata()));
            } else if (message instanceof ReleaseMessage.Batch b) {
                staging.batch(c, b.releaseId(), b.event().sequence(), Json.writeString(b.event().observations()));
            }
            return Outcome.STAGED;
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }

    /** Forgets a release that could not be applied (its records are on the dead-letter topic). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void discard(String releaseId) {
        try (Connection c = ds.getConnection()) {
            staging.discard(c, releaseId);
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }

    private Outcome seal(Connection c, ReleaseSealed seal) {
        String id = seal.releaseId();
        long t = System.nanoTime();
        Locks.applyLock(c);
        t = phases.lap("lock", t);
        if (log.contains(c, id)) {
            staging.discard(c, id);
            return Outcome.DUPLICATE;
        }
        String metadataJson = staging.metadata(c, id)
                .orElseThrow(() -> new PoisonRecord("incomplete-release", id + " sealed without a ReleaseOpened"));
        List<Observation> all = assemble(seal, staging.batches(c, id));
        ReleaseMetadata metadata = Json.read(metadataJson, ReleaseMetadata.class);
        phases.lap("assemble", t);
        Outcome outcome = apply(c, metadata, all, seal.checksum(), true);
        t = System.nanoTime();
        staging.discard(c, id);
        phases.lap("unstage", t);
        return outcome;
    }

    /** A batch of a release under assembly. */
    public record Batch(int sequence, List<Observation> observations) {
    }

    static List<Observation> assemble(ReleaseSealed seal, List<StagingStore.StagedBatch> staged) {
        return assembleBatches(seal, staged.stream()
                .map(b -> new Batch(b.sequence(), readObservations(b.observationsJson()))).toList());
    }

    /** Checks the batches (in sequence order) against the seal: all batches, the count and the checksum. */
    public static List<Observation> assembleBatches(ReleaseSealed seal, List<Batch> batches) {
        String id = seal.releaseId();
        if (batches.size() != seal.batches()) {
            throw new PoisonRecord("batch-count-mismatch", id + " sealed with " + seal.batches() + " batches, "
                    + batches.size() + " received");
        }
        List<Observation> all = new ArrayList<>();
        ReleaseChecksum checksum = new ReleaseChecksum();
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).sequence() != i) {
                throw new PoisonRecord("batch-count-mismatch", id + " is missing batch " + i);
            }
            for (Observation o : batches.get(i).observations()) {
                checksum.add(o);
                all.add(o);
            }
        }
        if (checksum.count() != seal.observations()) {
            throw new PoisonRecord("observation-count-mismatch", id + " sealed with " + seal.observations()
                    + " observations, " + checksum.count() + " received");
        }
        if (!checksum.matches(seal.checksum(), all)) { // also a seal of the legacy form, replayed by a rebuild
            String hex = checksum.hex();
            throw new PoisonRecord("checksum-mismatch", id + " sealed with checksum " + seal.checksum()
                    + ", received observations hash to " + hex);
        }
        return all;
    }

    private static List<Observation> readObservations(String json) {
        try {
            return Json.MAPPER.readValue(json, OBSERVATIONS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("staged batch unreadable", e);
        }
    }

    /**
     * Applies a complete release inside the caller's transaction (which holds the apply lock). Also used by rebuild,
     * with {@code emit = false}.
     */
    public Outcome apply(Connection c, ReleaseMetadata metadata, List<Observation> all, String checksum, boolean emit) {
        Timer.Sample sample = Timer.start(meters);
        dropEngineOnRollback();
        return holder.withEngine(c, engine -> {
            long t = System.nanoTime();
            long seq = log.addRelease(c, metadata.releaseId(), Json.writeString(metadata), all.size(), checksum);
            observations.insert(c, seq, all);
            t = phases.lap("observations", t);
            ScoringDelta delta;
            try {
                delta = engine.apply(metadata, all);
            } catch (RuntimeException e) {
                throw new PoisonRecord("rejected-by-engine", metadata.releaseId() + ": " + e.getMessage(), e);
            }
            holder.advanced(seq);
            t = phases.lap("engine", t);
            log.outcome(c, seq, delta.ignored(), delta.changes().size());
            if (emit && !delta.changes().isEmpty()) {
                EventFactory.Batch batch = events.batch(c, engine, delta, metadata.releaseId(), Instant.now());
                t = phases.lap("events", t);
                // serialised while streamed into the COPY; the time outside the COPY's sink is the serialising
                long[] copying = {0, 0};
                List<OutboxStore.Row> stored = outbox.add(c, batch.size(), sink -> {
                    long start = System.nanoTime();
                    batch.forEach(row -> {
                        long s = System.nanoTime();
                        sink.accept(row);
                        copying[0] += System.nanoTime() - s;
                    });
                    copying[1] = System.nanoTime() - start - copying[0];
                });
                afterCommit(() -> committedRows.committed(stored));
                long end = phases.lap("outbox", t);
                phases.record("outbox-serialise", copying[1]);
                phases.record("outbox-copy", end - t - copying[1]);
            }
            sample.stop(meters.timer("radar.scoring.release.apply", "kind", metadata.kind()));
            meters.counter("radar.scoring.characteristic.changes").increment(delta.changes().size());
            LOG.infof("applied %s (%d observations): %s, %d changes", metadata.releaseId(), all.size(),
                    delta.ignored() ? "ignored (older version)" : "applied", delta.changes().size());
            return delta.ignored() ? Outcome.IGNORED_OLDER_VERSION : Outcome.APPLIED;
        });
    }

    /** Hands the relay what the transaction wrote once it is durable (never before: it could still roll back). */
    private void afterCommit(Runnable action) {
        txRegistry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /** The engine runs ahead of the database inside a transaction: if it does not commit, replay from the log. */
    void dropEngineOnRollback() {
        txRegistry.registerInterposedSynchronization(new Synchronization() {
            private long commitStart;

            @Override
            public void beforeCompletion() {
                commitStart = System.nanoTime();
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    holder.invalidate();
                } else if (commitStart != 0) {
                    phases.lap("commit", commitStart);
                }
            }
        });
    }
}
