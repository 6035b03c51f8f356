package io.resilienceradar.scoring.messaging;

import io.resilienceradar.scoring.app.FaultInjection;
import io.resilienceradar.scoring.app.PhaseTimers;
import io.resilienceradar.scoring.app.ReleaseApplier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the release topic one record at a time, in partition order. Each record is handled in its own
 * transaction ({@link ReleaseApplier#handle}); the offset is committed only after that returns, so a crash
 * redelivers, and redelivery is harmless (staging upserts by release id + sequence, the applied log dedupes seals).
 * Poison goes to the dead-letter topic and consumption continues; an infrastructure failure (database down)
 * fails the channel and the readiness check, and the record is redelivered after a restart.
 */
@ApplicationScoped
public class ReleaseConsumer {
    private final ReleaseApplier applier;
    private final DeadLetters deadLetters;
    private final FaultInjection faults;
    private final OutboxRelay relay;
    private final PhaseTimers phases;

    public ReleaseConsumer(ReleaseApplier applier, DeadLetters deadLetters, FaultInjection faults, OutboxRelay relay,
                           PhaseTimers phases) {
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.faults = faults;
        this.relay = relay;
        this.phases = phases;
    }

    @Incoming("releases")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        ReleaseMessage message;
        try {
            message = ReleaseMessage.parse(record.headers(), record.value());
        } catch (PoisonRecord poison) {
            deadLetters.send(record, poison);
            return;
        }
        if (message instanceof ReleaseMessage.Sealed) {
            // producer's timestamp (same clock on one machine, millisecond grain) to this thread: fetch and hand-over
            phases.record("seal-received", Math.max(0, System.currentTimeMillis() - record.timestamp()) * 1_000_000L);
        }
        try {
            ReleaseApplier.Outcome outcome = applier.handle(message);
            if (outcome == ReleaseApplier.Outcome.APPLIED) {
                faults.haltIf(FaultInjection.AFTER_APPLY_COMMIT);
                relay.wakeUp();
            }
        } catch (PoisonRecord poison) {
            applier.discard(message.releaseId());
            deadLetters.send(record, poison);
        }
    }
}
