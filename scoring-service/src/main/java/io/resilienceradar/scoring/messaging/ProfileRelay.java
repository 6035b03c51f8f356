package io.resilienceradar.scoring.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.resilienceradar.scoring.app.DeferredProfiles;
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
 * Relays the deferred profiles, on its own thread, producer and advisory lock: renders the oldest unsent ones (at
 * most {@code radar.relay.profile-batch-size} a pass, {@link DeferredProfiles}), sends them, waits for every ack and
 * marks them sent, like {@link OutboxRelay} does the events. One profile relay at a time across replicas, in id
 * order, keeps each town's profiles in revision order on their topic; change events are on another topic and need no
 * order relative to them.
 */
@ApplicationScoped
public class ProfileRelay {
    private final AgroalDataSource ds;
    private final OutboxStore outbox;
    private final CommittedOutboxRows cache;
    private final DeferredProfiles deferred;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    private final PhaseTimers phases;
    private final int batchSize;
    private final RadarProducer producer;
    private final RelayLoop loop;
    private final Duration delay;

    public ProfileRelay(AgroalDataSource ds, OutboxStore outbox, CommittedOutboxRows cache, DeferredProfiles deferred,
                        FaultInjection faults, MeterRegistry meters, PhaseTimers phases,
                        @ConfigProperty(name = "radar.relay.profile-batch-size") int batchSize,
                        @ConfigProperty(name = "radar.relay.idle-poll") Duration idlePoll,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                        @ConfigProperty(name = "quarkus.application.name") String clientId,
                        @ConfigProperty(name = "radar.relay.compression") String compression,
                        @ConfigProperty(name = "radar.relay.profile-delay") Duration delay) {
        this.ds = ds;
        this.outbox = outbox;
        this.cache = cache;
        this.deferred = deferred;
        this.faults = faults;
        this.meters = meters;
        this.phases = phases;
        this.batchSize = batchSize;
        this.delay = delay;
        this.producer = new RadarProducer(RadarProducer.create(bootstrap, clientId + "-profiles", compression));
        this.loop = new RelayLoop("profile-relay", this::relayOnce, idlePoll);
    }

    void start(@Observes StartupEvent ignored) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        loop.stop();
        producer.close();
    }

    /**
     * The change events are out: start on the profiles after {@code radar.relay.profile-delay}, so that the first
     * consumers of the change events (webhook alerts) do not share the cores with rendering, sending and storing a
     * release's megabytes of profiles. Profiles are state on a compacted topic; a fraction of a second later is fine.
     */
    void wakeUp() {
        loop.wakeUpAfter(delay);
    }

    /** Relays the oldest unsent deferred profiles; returns how many rows were handled (0: none, or another relays). */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            try (Connection c = ds.getConnection()) {
                long t = System.nanoTime();
                if (!Locks.tryProfileRelayLock(c)) {
                    return 0;
                }
                List<Long> unsent = outbox.unsentIds(c, true, batchSize);
                if (unsent.isEmpty()) {
                    cache.forgetAll(true);
                    return 0;
                }
                t = phases.lap("profiles-ids", t);
                List<OutboxStore.Row> rows = RelayRows.read(c, outbox, cache, unsent);
                // superseded profiles are not sent; their rows are marked with the others
                List<OutboxStore.Row> rendered = deferred.render(RelayRows.events(rows));
                t = phases.lap("profiles-render", t);
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                RelayRows.send(producer, rendered, acks);
                RelayRows.awaitAcks(producer, acks);
                t = phases.lap("profiles-send-ack", t);
                faults.publishedUnmarked("profiles");
                List<Long> ids = RelayRows.ids(rows);
                outbox.markSent(c, ids);
                cache.forget(true, ids, unsent.get(0));
                phases.lap("profiles-mark", t);
                meters.counter("radar.scoring.outbox.relayed").increment(acks.size());
                return ids.size();
            }
        });
    }
}
