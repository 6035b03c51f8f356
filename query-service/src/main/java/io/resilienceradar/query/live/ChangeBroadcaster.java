package io.resilienceradar.query.live;

import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeCommitted;
import io.resilienceradar.query.domain.ChangeFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Fans committed transitions out to the open SSE streams (only after commit: a stream never shows a rolled-back change). */
@ApplicationScoped
public class ChangeBroadcaster {
    private final BroadcastProcessor<CharacteristicChanged> processor = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChangeCommitted event) {
        event.changes().forEach(processor::onNext);
    }

    /** Live transitions matching the filter; a slow client drops the oldest rather than holding up the others. */
    public Multi<CharacteristicChanged> stream(ChangeFilter filter) {
        return processor.select().where(filter::matches).onOverflow().drop();
    }
}
