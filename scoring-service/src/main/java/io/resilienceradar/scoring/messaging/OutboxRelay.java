package io.resilienceradar.scoring.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.resilienceradar.scoring.app.FaultInjection;
import io.resilienceradar.scoring.app.PhaseTimers;
import io.resilienceradar.scoring.persistence.CommittedOutboxRows;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Relays the outbox's events (change events, rulebooks) to Kafka: takes the ids of unsent rows in id order from the
 * table (the payloads from {@link CommittedOutboxRows} when this replica wrote them, else from the table), sends them
 * with the idempotent producer, waits for every ack, and only then marks them sent, in one transaction holding the
 * relay lock (one relay at a time across replicas keeps the order). A crash after the ack but before the mark
 * re-sends the same rows with the same CloudEvent ids: delivery is at-least-once, and consumers drop duplicates by
 * id. Deferred profiles go out on their own thread and producer ({@link ProfileRelay}), so a release's change events
 * never wait behind the previous release's profiles, and they are woken only when this relay is idle.
 */
@ApplicationScoped
public class OutboxRelay {
    private final AgroalDataSource ds;
    private final OutboxStore outbox;
    private final CommittedOutboxRows cache;
    private final RadarProducer producer;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    private final PhaseTimers phases;
    private final ProfileRelay profiles;
    private final int batchSize;
    private final RelayLoop loop;

    public OutboxRelay(AgroalDataSource ds, OutboxStore outbox, CommittedOutboxRows cache, RadarProducer producer,
                       FaultInjection faults, MeterRegistry meters, PhaseTimers phases, ProfileRelay profiles,
                       @ConfigProperty(name = "radar.relay.batch-size") int batchSize,
                       @ConfigProperty(name = "radar.relay.idle-poll") Duration idlePoll) {
        this.ds = ds;
        this.outbox = outbox;
        this.cache = cache;
        this.producer = producer;
        this.faults = faults;
        this.meters = meters;
        this.phases = phases;
        this.profiles = profiles;
        this.batchSize = batchSize;
        this.loop = new RelayLoop("outbox-relay", this::relayOnce, idlePoll);
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
    }

    /**
     * Something was committed to the outbox: relay it now rather than at the next idle poll. Its profiles follow once
     * this relay finds nothing left to send, so that rendering and sending them does not take the cores from the
     * change events' pass.
     */
    public void wakeUp() {
        loop.wakeUp();
    }

    /** Relays the oldest unsent events, at most a batch; returns how many (0 when none, or another replica relays). */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            try (Connection c = ds.getConnection()) {
                long t = System.nanoTime();
                if (!Locks.tryRelayLock(c)) {
                    return 0;
                }
                t = phases.lap("relay-lock", t);
                List<Long> unsent = outbox.unsentIds(c, false, batchSize);
                if (unsent.isEmpty()) {
                    cache.forgetAll(false);
                    profiles.wakeUp();   // the change events are out: the profiles' turn
                    return 0;
                }
                t = phases.lap("relay-ids", t);
                List<OutboxStore.Row> rows = RelayRows.read(c, outbox, cache, unsent);
                t = phases.lap("relay-read", t);
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                // a release's membership transitions (what alerts wait for) at the head of the pass go out first, in
                // a small produce request and fetch of their own, instead of sharing batches with ~2.6 MB of changes
                // of evidence only; the rest follows in the same pass (order is kept). No transitions: no flush.
                int lead = 0;
                while (lead < rows.size() && rows.get(lead).isTransitions()) {
                    lead++;
                }
                RelayRows.send(producer, RelayRows.events(rows.subList(0, lead)), acks);
                if (lead > 0 && lead < rows.size()) {
                    producer.flush();
                }
                RelayRows.send(producer, RelayRows.events(rows.subList(lead, rows.size())), acks);
                RelayRows.awaitAcks(producer, acks);
                t = phases.lap("relay-send-ack", t);
                faults.publishedUnmarked("events");
                List<Long> ids = RelayRows.ids(rows);
                outbox.markSent(c, ids);
                cache.forget(false, ids, unsent.get(0));
                phases.lap("relay-mark", t);
                meters.counter("radar.scoring.outbox.relayed").increment(acks.size());
                return ids.size();
            }
        });
    }
}
