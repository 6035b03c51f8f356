package io.resilienceradar.query.live;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeCommitted;
import io.resilienceradar.query.domain.ChangeFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fans committed transitions out to the open SSE streams (only after commit: a stream never shows a rolled-back
 * change). Each subscriber gets a bounded buffer of its own ({@code radar.live.buffer}, sized for the burst of a full
 * recompute): a client that falls further behind than that gets a {@link BackPressureFailure} instead of silently
 * losing transitions, so the stream can tell it and close (see ChangesResource).
 */
@ApplicationScoped
public class ChangeBroadcaster {
    private final BroadcastProcessor<CharacteristicChanged> processor = BroadcastProcessor.create();

    @ConfigProperty(name = "radar.live.buffer")
    int bufferSize;
    @Inject
    ChangeReplay replay;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChangeCommitted event) {
        event.changes().forEach(processor::onNext);
    }

    /** Live transitions matching the filter, in commit order; fails with BackPressureFailure on overflow. */
    public Multi<CharacteristicChanged> stream(ChangeFilter filter) {
        return processor.select().where(filter::matches).onOverflow().buffer(bufferSize);
    }

    /**
     * The stored transitions after position {@code afterSeq}, then the live ones, without a gap or a repeat. The
     * live subscription is opened before the database is read: a transition committed meanwhile is either in the
     * replay, or arrives live afterwards (one in both is sent once). The replay shares the client's buffer: one
     * longer than {@code radar.live.buffer} sends that many and then fails like an overflow, so the client resumes
     * again from the last one it got.
     */
    public Multi<CharacteristicChanged> resume(ChangeFilter filter, long afterSeq) {
        return Multi.createFrom().<CharacteristicChanged>emitter(out -> {
            Object lock = new Object();
            List<CharacteristicChanged> heldBack = new ArrayList<>(); // live ones that came during the replay
            Set<String> replayed = new HashSet<>();
            boolean[] replaying = {true};
            Cancellable live = processor.select().where(filter::matches).subscribe().with(c -> {
                synchronized (lock) {
                    if (replaying[0]) {
                        if (heldBack.size() >= bufferSize) {
                            out.fail(new BackPressureFailure("more than " + bufferSize + " live transitions during the replay"));
                        } else {
                            heldBack.add(c);
                        }
                    } else if (replayed.isEmpty() || !replayed.remove(c.eventId())) {
                        // live order is commit order: after the first one the replay did not hold, none is repeated
                        replayed.clear();
                        out.emit(c);
                    }
                }
            }, out::fail, out::complete);
            out.onTermination(live::cancel);
            List<CharacteristicChanged> stored;
            try {
                stored = replay.after(afterSeq, filter, bufferSize + 1);
            } catch (RuntimeException e) {
                out.fail(e);
                return;
            }
            synchronized (lock) {
                stored.stream().limit(bufferSize).forEach(c -> {
                    replayed.add(c.eventId());
                    out.emit(c);
                });
                if (stored.size() > bufferSize) {
                    out.fail(new BackPressureFailure("more than " + bufferSize + " transitions to replay"));
                    return;
                }
                replaying[0] = false;
                for (CharacteristicChanged c : heldBack) {
                    if (replayed.isEmpty() || !replayed.remove(c.eventId())) {
                        replayed.clear();
                        out.emit(c);
                    }
                }
                heldBack.clear();
            }
        }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(bufferSize)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // the replay reads the database
    }

    public int bufferSize() {
        return bufferSize;
    }
}
