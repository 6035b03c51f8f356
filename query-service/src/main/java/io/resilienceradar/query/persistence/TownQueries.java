package io.resilienceradar.query.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The town list: dynamic filters as HQL with bound parameters (never concatenated input). */
@ApplicationScoped
public class TownQueries {
    /** API sort key → entity attribute. */
    public static final Map<String, String> SORTS = Map.of(
            "name", "t.townName", "code", "t.townCode", "region", "t.region", "country", "t.country",
            "size", "t.sizeClass", "revision", "t.revision", "computedAt", "t.computedAt");

    @Inject
    EntityManager em;

    public record Result(long total, List<TownListRow> towns, Map<String, List<MembershipRow>> memberships) {
    }

    public Result find(TownQuery query) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        params.put("ms", query.memberships());
        if (query.characteristics().isEmpty()) {
            if (query.memberships().size() < 2) {
                where.append(" and exists (select 1 from MembershipRow m where m.townCode = t.townCode and m.membership in :ms)");
            } else {
                params.remove("ms");
            }
        }
        for (int i = 0; i < query.characteristics().size(); i++) {
            where.append(" and exists (select 1 from MembershipRow m").append(i).append(" where m").append(i)
                    .append(".townCode = t.townCode and (m").append(i).append(".characteristicId = :c").append(i)
                    .append(" or m").append(i).append(".letter = :l").append(i).append(") and m").append(i)
                    .append(".membership in :ms)");
            params.put("c" + i, query.characteristics().get(i));
            params.put("l" + i, query.characteristics().get(i).toUpperCase(Locale.ROOT));
        }
        eq(where, params, "t.region", "region", query.region());
        eq(where, params, "t.country", "country", query.country());
        eq(where, params, "t.sizeClass", "size", query.size());
        if (query.coastal() != null) {
            where.append(" and t.coastal = :coastal");
            params.put("coastal", query.coastal());
        }
        if (query.q() != null && !query.q().isBlank()) {
            where.append(" and lower(t.townName) like :q escape '\\'");
            params.put("q", "%" + query.q().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        TypedQuery<Long> count = em.createQuery("select count(t) from TownProfileRow t" + where, Long.class);
        params.forEach(count::setParameter);
        long total = count.getSingleResult();

        String sort = query.sort();
        boolean desc = sort.startsWith("-");
        String column = SORTS.get(desc ? sort.substring(1) : sort);
        TypedQuery<TownListRow> page = em.createQuery("select new io.resilienceradar.query.persistence.TownListRow("
                + "t.townCode, t.townName, t.region, t.country, t.sizeClass, t.coastal, t.revision, t.computedAt)"
                + " from TownProfileRow t" + where + " order by " + column + (desc ? " desc" : " asc") + ", t.townCode",
                TownListRow.class);
        params.forEach(page::setParameter);
        List<TownListRow> towns = page.setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList();

        Map<String, List<MembershipRow>> memberships = new LinkedHashMap<>();
        if (!towns.isEmpty()) {
            List<String> codes = towns.stream().map(TownListRow::townCode).toList();
            for (MembershipRow m : em.createQuery("select m from MembershipRow m where m.townCode in :codes"
                    + " and m.membership in ('FULL', 'PARTIAL') order by m.townCode, m.letter", MembershipRow.class)
                    .setParameter("codes", codes).getResultList()) {
                memberships.computeIfAbsent(m.townCode, k -> new ArrayList<>()).add(m);
            }
        }
        return new Result(total, towns, memberships);
    }

    private static void eq(StringBuilder where, Map<String, Object> params, String attribute, String name, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and lower(").append(attribute).append(") = :").append(name);
            params.put(name, value.trim().toLowerCase(Locale.ROOT));
        }
    }
}
