package io.resilienceradar.query.rest;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.persistence.ChangeRow;
import io.resilienceradar.query.persistence.SnapshotRow;
import io.resilienceradar.query.persistence.TownProfileRow;
import io.resilienceradar.query.persistence.TownQueries;
import io.resilienceradar.query.persistence.TownQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

@Path("/towns")
@Tag(name = "towns")
@Produces({MediaType.APPLICATION_JSON, Representations.CSV})
public class TownsResource {
    private static final Pattern RELEASE_ID = Pattern.compile("[^/\\s]+/[^/\\s]+/\\d+");

    @Inject
    TownQueries queries;
    @Inject
    EntityManager em;
    @Inject
    ProfileCache cache;
    @ConfigProperty(name = "radar.reads.max-age")
    int maxAge;

    @GET
    @Operation(summary = "Towns, filtered, sorted and paged; total in the body and in X-Total-Count")
    public Response list(
            @Parameter(description = "characteristic id or letter; repeat (or comma-separate) for towns holding all of them")
            @QueryParam("characteristic") List<String> characteristic,
            @Parameter(description = "full, partial or any (default any)") @QueryParam("membership") List<String> membership,
            @QueryParam("region") String region,
            @QueryParam("country") String country,
            @Parameter(description = "size class, e.g. Small, Medium, Large") @QueryParam("size") String size,
            @QueryParam("coastal") String coastal,
            @Parameter(description = "part of the town name") @QueryParam("q") String q,
            @Parameter(description = "name, code, region, country, size, revision, computedAt; prefix - for descending")
            @QueryParam("sort") String sort,
            @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit,
            @Parameter(description = "json or csv (or Accept: text/csv)") @QueryParam("format") String format,
            @Context Request request, @Context HttpHeaders headers) {
        String sortKey = sort == null || sort.isBlank() ? "name" : sort.trim();
        if (!TownQueries.SORTS.containsKey(sortKey.startsWith("-") ? sortKey.substring(1) : sortKey)) {
            throw ProblemException.badRequest("sort must be one of " + TownQueries.SORTS.keySet() + ", optionally prefixed by -");
        }
        if (q != null && q.length() > 100) {
            throw ProblemException.badRequest("q is longer than 100 characters");
        }
        Representations.Format f = Representations.format(format, headers);
        TownQuery query = new TownQuery(Params.split(characteristic), Params.memberships(membership), region, country,
                size, Params.bool("coastal", coastal), q, sortKey, Params.offset(offset), Params.limit(limit, 50));
        TownQueries.Result result = queries.find(query);
        List<Views.TownSummary> items = result.towns().stream()
                .map(t -> Views.TownSummary.of(t, result.memberships().get(t.townCode()))).toList();
        return Representations.list(request, f, new Views.Page<>(result.total(), query.offset(), query.limit(), items),
                () -> new Representations.Table(Views.TownSummary.COLUMNS, items.stream().map(Views.TownSummary::row).toList()),
                result.total(), maxAge);
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A town's latest profile: every characteristic, its membership and, per criterion, value, "
            + "threshold, towns mean, percentile, period and source release")
    public Uni<Response> get(@PathParam("code") String code, @Context Request request) {
        // served on the event loop when cached; the database read goes to a worker thread
        ProfileCache.Entry cached = cache.fresh(code);
        if (cached != null) {
            return Uni.createFrom().item(Representations.json(request, cached.body(), cached.etag(), maxAge));
        }
        return Uni.createFrom().item(() -> cache.load(code))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("no town " + code);
                    }
                    return Representations.json(request, e.body(), e.etag(), maxAge);
                });
    }

    @GET
    @Path("/{code}/history")
    @Operation(summary = "A town's timeline of transitions, oldest first")
    public Response history(@PathParam("code") String code, @QueryParam("offset") Integer offset,
                            @QueryParam("limit") Integer limit, @QueryParam("format") String format,
                            @Context Request request, @Context HttpHeaders headers) {
        Representations.Format f = Representations.format(format, headers);
        if (TownProfileRow.findById(code) == null && ChangeRow.count("townCode", code) == 0) {
            throw ProblemException.notFound("no town " + code);
        }
        int off = Params.offset(offset);
        int lim = Params.limit(limit, 500);
        long total = ChangeRow.count("townCode", code);
        List<CharacteristicChanged> items = ChangeRow.<ChangeRow>find("townCode = ?1 order by seq", code)
                .range(off, off + lim - 1).list().stream()
                .map(c -> Json.read(c.body, CharacteristicChanged.class)).toList();
        return Representations.list(request, f, new Views.Page<>(total, off, lim, items),
                () -> new Representations.Table(Views.CHANGE_COLUMNS, items.stream().map(Views::changeRow).toList()),
                total, maxAge);
    }

    @GET
    @Path("/{code}/profile")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Time travel: the profile a town had at an instant (asOf) or right after a release (release)")
    public Response profileAt(@PathParam("code") String code,
                              @Parameter(description = "ISO-8601 instant") @QueryParam("asOf") String asOf,
                              @Parameter(description = "release id dataset/edition/version") @QueryParam("release") String release,
                              @Context Request request) {
        if ((asOf == null) == (release == null)) {
            throw ProblemException.badRequest("give exactly one of asOf or release");
        }
        if (TownProfileRow.findById(code) == null && SnapshotRow.count("townCode", code) == 0) {
            throw ProblemException.notFound("no town " + code);
        }
        Instant at;
        if (release != null) {
            if (!RELEASE_ID.matcher(release).matches()) {
                throw ProblemException.badRequest("release must look like dataset/edition/version");
            }
            at = releaseInstant(code, release);
        } else {
            at = Params.instant("asOf", asOf);
        }
        SnapshotRow snapshot = SnapshotRow.<SnapshotRow>find("townCode = ?1 and computedAt <= ?2 order by revision desc",
                code, at).firstResult();
        if (snapshot == null) {
            throw ProblemException.notFound("town " + code + " had no profile yet at " + at);
        }
        return Representations.json(request, snapshot.body, maxAge);
    }

    /** When the release took effect for this town (or, if it did not touch the town, anywhere). */
    private Instant releaseInstant(String code, String release) {
        String needle = Json.writeString(List.of(release));
        List<?> own = em.createNativeQuery("SELECT min(computed_at) FROM profile_snapshot WHERE town_code = ?1 "
                + "AND caused_by @> CAST(?2 AS jsonb)").setParameter(1, code).setParameter(2, needle).getResultList();
        Object at = own.isEmpty() ? null : own.get(0);
        if (at == null) {
            List<?> any = em.createNativeQuery("SELECT min(computed_at) FROM profile_snapshot "
                    + "WHERE caused_by @> CAST(?1 AS jsonb)").setParameter(1, needle).getResultList();
            at = any.isEmpty() ? null : any.get(0);
        }
        if (at == null) {
            throw ProblemException.notFound("release " + release + " has not produced any profile");
        }
        return at instanceof Instant i ? i : at instanceof java.time.OffsetDateTime o ? o.toInstant()
                : ((java.sql.Timestamp) at).toInstant();
    }
}
