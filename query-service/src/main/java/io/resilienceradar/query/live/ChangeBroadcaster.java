package io.resilienceradar.query.live;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeCommitted;
import io.resilienceradar.query.domain.ChangeFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fans committed transitions out to the open SSE streams (only after commit: a stream never shows a rolled-back
 * change). Each subscriber gets a bounded buffer of its own ({@code radar.live.buffer}, sized for the burst of a full
 * recompute): a client that falls further behind than that gets a {@link io.smallrye.mutiny.subscription.BackPressureFailure}
 * instead of silently losing transitions, so the stream can tell it and close (see ChangesResource).
 */
@ApplicationScoped
public class ChangeBroadcaster {
    private final BroadcastProcessor<CharacteristicChanged> processor = BroadcastProcessor.create();

    @ConfigProperty(name = "radar.live.buffer")
    int bufferSize;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChangeCommitted event) {
        event.changes().forEach(processor::onNext);
    }

    /** Live transitions matching the filter, in commit order; fails with BackPressureFailure on overflow. */
    public Multi<CharacteristicChanged> stream(ChangeFilter filter) {
        return processor.select().where(filter::matches).onOverflow().buffer(bufferSize);
    }

    public int bufferSize() {
        return bufferSize;
    }
}
