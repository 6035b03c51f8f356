package io.resilienceradar.scoring.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.scoring.app.DeferredProfiles;
import io.resilienceradar.scoring.app.FaultInjection;
import io.resilienceradar.scoring.app.PhaseTimers;
import io.resilienceradar.scoring.persistence.CommittedOutboxRows;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Relays the outbox to Kafka: takes the ids of unsent rows in id order from the table (the payloads from
 * {@link CommittedOutboxRows} when this replica wrote them, else from the table; deferred profiles rendered by
 * {@link DeferredProfiles}), sends them with the idempotent producer, waits for every ack, and only then marks them
 * sent, in one transaction holding the relay lock (one relay at a time across
 * replicas keeps the order). A crash after the ack but before the mark re-sends the same rows with the same
 * CloudEvent ids: delivery is at-least-once, and consumers drop duplicates by id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AgroalDataSource ds;
    private final OutboxStore outbox;
    private final CommittedOutboxRows cache;
    private final RadarProducer producer;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    private final PhaseTimers phases;
    private final DeferredProfiles deferred;
    private final int batchSize;
    private final int profileBatchSize;
    private final Duration idlePoll;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(AgroalDataSource ds, OutboxStore outbox, CommittedOutboxRows cache, RadarProducer producer,
                       FaultInjection faults, MeterRegistry meters, PhaseTimers phases, DeferredProfiles deferred,
                       @ConfigProperty(name = "radar.relay.batch-size") int batchSize,
                       @ConfigProperty(name = "radar.relay.profile-batch-size") int profileBatchSize,
                       @ConfigProperty(name = "radar.relay.idle-poll") Duration idlePoll) {
        this.ds = ds;
        this.outbox = outbox;
        this.cache = cache;
        this.producer = producer;
        this.faults = faults;
        this.meters = meters;
        this.phases = phases;
        this.deferred = deferred;
        this.batchSize = batchSize;
        this.profileBatchSize = profileBatchSize;
        this.idlePoll = idlePoll;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** Something was committed to the outbox: relay now rather than at the next idle poll. */
    public void wakeUp() {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                int sent = relayOnce();
                if (sent == 0) {
                    wake.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // broker or database unavailable: the rows stay unsent and are retried
                LOG.warnf("outbox relay failed, retrying: %s", e.toString());
                sleep(1000);
            }
        }
    }

    /**
     * Relays one batch; returns how many rows were handled (0 when none, or another replica relays). A batch is the
     * oldest unsent events (change events, rulebooks) and then the oldest deferred profiles, at most
     * {@code profileBatchSize} of them: change events never wait behind a whole release's profiles. Each topic's rows
     * still go out in id order (events and profiles are on different topics).
     */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            try (Connection c = ds.getConnection()) {
                long t = System.nanoTime();
                if (!Locks.tryRelayLock(c)) {
                    return 0;
                }
                t = phases.lap("relay-lock", t);
                List<Long> unsentEvents = outbox.unsentIds(c, false, batchSize);
                List<Long> unsentProfiles = outbox.unsentIds(c, true, profileBatchSize);
                if (unsentEvents.isEmpty() && unsentProfiles.isEmpty()) {
                    cache.forgetAll();
                    return 0;
                }
                t = phases.lap("relay-ids", t);
                List<OutboxStore.Row> events = rows(c, unsentEvents);
                t = phases.lap("relay-read", t);
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                send(events, acks, ids);
                if (!unsentProfiles.isEmpty()) {
                    t = phases.lap("relay-send-events", t);
                    DeferredProfiles.Rendered profiles = deferred.render(c, rows(c, unsentProfiles));
                    ids.addAll(profiles.superseded());
                    t = phases.lap("relay-render", t);
                    send(profiles.rows(), acks, ids);
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(60, TimeUnit.SECONDS);   // throws if not acked: nothing is marked, all resent
                }
                t = phases.lap("relay-send-ack", t);
                faults.haltIf(FaultInjection.AFTER_PUBLISH);
                outbox.markSent(c, ids);
                long oldestUnsent = Math.min(unsentEvents.isEmpty() ? Long.MAX_VALUE : unsentEvents.get(0),
                        unsentProfiles.isEmpty() ? Long.MAX_VALUE : unsentProfiles.get(0));
                cache.forget(ids, oldestUnsent);
                phases.lap("relay-mark", t);
                meters.counter("radar.scoring.outbox.relayed").increment(ids.size());
                return ids.size();
            }
        });
    }

    /** The rows of these ids in id order: from memory when this replica committed them, else from the table. */
    private List<OutboxStore.Row> rows(Connection c, List<Long> ids) {
        List<Long> missing = new ArrayList<>();
        List<OutboxStore.Row> rows = new ArrayList<>(cache.get(ids, missing));
        if (!missing.isEmpty()) {
            rows.addAll(outbox.byIds(c, missing));
            rows.sort(Comparator.comparingLong(OutboxStore.Row::id));
        }
        return rows;
    }

    private void send(List<OutboxStore.Row> rows, List<Future<RecordMetadata>> acks, List<Long> ids) {
        for (OutboxStore.Row row : rows) {
            acks.add(producer.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(),
                    CloudEventHeaders.of(row.ceId(), EventTypes.SOURCE_SCORING, row.ceType(), row.ceSubject(),
                            row.ceTime()))));
            ids.add(row.id());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
