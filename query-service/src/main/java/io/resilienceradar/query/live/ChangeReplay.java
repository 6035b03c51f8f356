package io.resilienceradar.query.live;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.persistence.ChangeCriteria;
import io.resilienceradar.query.persistence.ChangeRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Reads stored transitions after a position, for a live stream resumed with {@code Last-Event-ID}. */
@ApplicationScoped
public class ChangeReplay {
    @Inject
    EntityManager em;

    /** Stored transitions matching the filter after position {@code seq}, oldest first, at most {@code max}. */
    @Transactional
    public List<CharacteristicChanged> after(long seq, ChangeFilter filter, int max) {
        ChangeCriteria criteria = ChangeCriteria.of(filter, null, null, seq);
        return criteria.bind(em.createQuery("select c from ChangeRow c" + criteria.where() + " order by c.seq",
                        ChangeRow.class)).setMaxResults(max).getResultList().stream()
                .map(c -> Json.read(c.body, CharacteristicChanged.class)).toList();
    }
}
