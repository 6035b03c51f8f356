package io.resilienceradar.query.persistence;

import io.resilienceradar.query.domain.ChangeFilter;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JPQL condition on {@link ChangeRow} (alias {@code c}) for a {@link ChangeFilter} plus a time window and a
 * position, so that {@code GET /changes} and the live stream's replay select exactly the same transitions.
 */
public record ChangeCriteria(String where, Map<String, Object> params) {

    /** @param afterSeq only transitions stored after this position, or null */
    public static ChangeCriteria of(ChangeFilter filter, Instant from, Instant to, Long afterSeq) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!filter.characteristics().isEmpty()) {
            where.append(" and (lower(c.characteristicId) in :cs or lower(c.letter) in :cs)");
            params.put("cs", lower(filter.characteristics()));
        }
        if (!filter.transitions().isEmpty()) {
            where.append(" and c.transition in :ts");
            params.put("ts", filter.transitionNames());
        }
        if (!filter.regions().isEmpty()) {
            where.append(" and lower(c.region) in :rs");
            params.put("rs", lower(filter.regions()));
        }
        if (!filter.towns().isEmpty()) {
            where.append(" and c.townCode in :towns");
            params.put("towns", filter.towns());
        }
        if (from != null) {
            where.append(" and c.occurredAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" and c.occurredAt < :to");
            params.put("to", to);
        }
        if (afterSeq != null) {
            where.append(" and c.seq > :afterSeq");
            params.put("afterSeq", afterSeq);
        }
        return new ChangeCriteria(where.toString(), params);
    }

    public <T> TypedQuery<T> bind(TypedQuery<T> query) {
        params.forEach(query::setParameter);
        return query;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
