package io.resilienceradar.query.persistence;

import java.util.List;

/**
 * A town list request, already validated.
 *
 * @param characteristics each must be held (ids or letters; several = all of them)
 * @param memberships     the memberships that count as holding a characteristic (FULL, PARTIAL)
 * @param sort            a column of {@link TownQueries#SORTS}, {@code -} prefix for descending
 */
public record TownQuery(List<String> characteristics, List<String> memberships, String region, String country,
                        String size, Boolean coastal, String q, String sort, int offset, int limit) {
}
