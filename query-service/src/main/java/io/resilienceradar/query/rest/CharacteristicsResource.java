package io.resilienceradar.query.rest;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.query.persistence.RulebookRow;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Path("/characteristics")
@Tag(name = "characteristics")
@Produces({MediaType.APPLICATION_JSON, Representations.CSV})
public class CharacteristicsResource {
    @Inject
    EntityManager em;
    @Inject
    TownsResource towns;
    @ConfigProperty(name = "radar.reads.max-age")
    int maxAge;

    @GET
    @Operation(summary = "The characteristics of the rulebook in force, with member counts")
    public Response list(@QueryParam("format") String format, @Context Request request, @Context HttpHeaders headers) {
        Representations.Format f = Representations.format(format, headers);
        RulebookPublished rulebook = rulebook();
        Map<String, Views.Counts> counts = counts();
        List<Views.CharacteristicView> items = rulebook == null ? List.of() : rulebook.characteristics().stream()
                .map(d -> Views.CharacteristicView.of(d, rulebook.version(),
                        counts.getOrDefault(d.id(), new Views.Counts(0, 0)), null)).toList();
        return Representations.list(request, f, new Views.Page<>(items.size(), 0, items.size(), items),
                () -> new Representations.Table(Views.CharacteristicView.COLUMNS,
                        items.stream().map(Views.CharacteristicView::row).toList()), items.size(), maxAge);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A characteristic (by id or letter): definition, criteria, assumptions, member counts overall and by region")
    public Response get(@PathParam("id") String id, @Context Request request) {
        RulebookPublished rulebook = rulebook();
        RulebookPublished.Definition d = definition(rulebook, id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT coalesce(p.region, ''), count(*) FILTER (WHERE m.membership = 'FULL'),
                               count(*) FILTER (WHERE m.membership = 'PARTIAL')
                        FROM town_membership m JOIN town_profile p ON p.town_code = m.town_code
                        WHERE m.characteristic_id = ?1 AND m.membership IN ('FULL', 'PARTIAL')
                        GROUP BY 1 ORDER BY 1""").setParameter(1, d.id()).getResultList();
        List<Views.RegionCounts> byRegion = rows.stream().map(r -> new Views.RegionCounts((String) r[0],
                ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList();
        Views.Counts total = new Views.Counts(byRegion.stream().mapToLong(Views.RegionCounts::full).sum(),
                byRegion.stream().mapToLong(Views.RegionCounts::partial).sum());
        return Representations.json(request, Views.CharacteristicView.of(d, rulebook.version(), total, byRegion), maxAge);
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "The towns holding a characteristic (membership full, partial or any), paged")
    public Response members(@PathParam("id") String id, @QueryParam("membership") List<String> membership,
                            @QueryParam("region") String region, @QueryParam("sort") String sort,
                            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                            @QueryParam("format") String format, @Context Request request, @Context HttpHeaders headers) {
        RulebookPublished.Definition d = definition(rulebook(), id);
        return towns.list(List.of(d.id()), membership, region, null, null, null, null, sort, offset, limit, format,
                request, headers);
    }

    private RulebookPublished rulebook() {
        RulebookRow row = RulebookRow.current();
        return row == null ? null : Json.read(row.body, RulebookPublished.class);
    }

    private static RulebookPublished.Definition definition(RulebookPublished rulebook, String id) {
        if (rulebook == null) {
            throw ProblemException.notFound("no rulebook has been published yet");
        }
        return rulebook.characteristics().stream()
                .filter(d -> id.equalsIgnoreCase(d.id()) || id.equalsIgnoreCase(d.letter()))
                .findFirst().orElseThrow(() -> ProblemException.notFound("no characteristic " + id));
    }

    private Map<String, Views.Counts> counts() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT characteristic_id, count(*) FILTER (WHERE membership = 'FULL'),
                       count(*) FILTER (WHERE membership = 'PARTIAL')
                FROM town_membership WHERE membership IN ('FULL', 'PARTIAL') GROUP BY characteristic_id""").getResultList();
        Map<String, Views.Counts> counts = new HashMap<>();
        rows.forEach(r -> counts.put((String) r[0], new Views.Counts(((Number) r[1]).longValue(), ((Number) r[2]).longValue())));
        return counts;
    }
}
