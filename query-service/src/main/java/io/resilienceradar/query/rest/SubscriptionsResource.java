package io.resilienceradar.query.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.persistence.DeliveryAttemptRow;
import io.resilienceradar.query.persistence.DeliveryRow;
import io.resilienceradar.query.persistence.SubscriptionRow;
import io.resilienceradar.query.webhooks.CallbackUrlValidator;
import io.resilienceradar.query.webhooks.WebhookSigner;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Webhook subscriptions: each caller (JWT subject) sees and manages only its own. */
@Path("/subscriptions")
@Tag(name = "subscriptions")
@RolesAllowed("subscriber")
public class SubscriptionsResource {
    static final int MAX_FILTER_VALUES = 100;

    @Inject
    CallbackUrlValidator urls;
    @Inject
    WriteRateLimiter rateLimiter;
    @Inject
    EntityManager em;

    /** What a subscriber sends. */
    public record SubscriptionRequest(String callbackUrl, String description, ChangeFilter filter) {
    }

    /** A subscription as shown to its owner; {@code secret} only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(UUID id, String callbackUrl, String description, ChangeFilter filter, String status,
                                   String disabledReason, int consecutiveFailures, Instant createdAt, String secret) {
        static SubscriptionView of(SubscriptionRow s, boolean withSecret) {
            return new SubscriptionView(s.id, s.callbackUrl, s.description, Json.read(s.filter, ChangeFilter.class),
                    s.status, s.disabledReason, s.consecutiveFailures, s.createdAt, withSecret ? s.secret : null);
        }
    }

    public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, long latencyMs, String error) {
    }

    public record DeliveryView(String webhookId, String eventId, String status, int attempts, Integer lastStatusCode,
                               String lastError, Long lastLatencyMs, Instant createdAt, Instant nextAttemptAt,
                               Instant deliveredAt, List<AttemptView> log) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Register a webhook; the answer carries the signing secret, shown only this once")
    public Response create(SubscriptionRequest body, @Context SecurityContext security, @Context UriInfo uri) {
        String owner = owner(security);
        rateLimiter.acquire(owner);
        if (body == null) {
            throw ProblemException.badRequest("a JSON body with callbackUrl and filter is required");
        }
        urls.problem(body.callbackUrl()).ifPresent(p -> {
            throw ProblemException.unprocessable(p);
        });
        ChangeFilter filter = body.filter() == null ? ChangeFilter.any() : body.filter();
        validate(filter);
        if (body.description() != null && body.description().length() > 500) {
            throw ProblemException.unprocessable("description is longer than 500 characters");
        }
        ChangeFilter normalised = new ChangeFilter(filter.characteristics(), filter.transitionNames(), filter.regions(),
                filter.towns());
        String filterJson = Json.writeString(normalised);
        boolean duplicate = SubscriptionRow.count("owner = ?1 and callbackUrl = ?2", owner, body.callbackUrl()) > 0
                && SubscriptionRow.<SubscriptionRow>list("owner = ?1 and callbackUrl = ?2", owner, body.callbackUrl())
                .stream().anyMatch(s -> Json.read(s.filter, ChangeFilter.class).equals(normalised));
        if (duplicate) {
            throw new ProblemException(409, "you already have a subscription with this callbackUrl and filter");
        }
        SubscriptionRow s = new SubscriptionRow();
        s.id = UUID.randomUUID();
        s.owner = owner;
        s.callbackUrl = body.callbackUrl();
        s.secret = WebhookSigner.newSecret();
        s.filter = filterJson;
        s.description = body.description();
        s.status = SubscriptionRow.ACTIVE;
        s.createdAt = Instant.now();
        s.persist();
        return Response.created(uri.getAbsolutePathBuilder().path(s.id.toString()).build())
                .entity(SubscriptionView.of(s, true)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Your subscriptions")
    public List<SubscriptionView> list(@Context SecurityContext security) {
        return SubscriptionRow.<SubscriptionRow>list("owner = ?1 order by createdAt", owner(security)).stream()
                .map(s -> SubscriptionView.of(s, false)).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One of your subscriptions")
    public SubscriptionView get(@PathParam("id") String id, @Context SecurityContext security) {
        return SubscriptionView.of(own(id, security), false);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @Operation(summary = "Delete one of your subscriptions and its delivery log")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        rateLimiter.acquire(owner(security));
        own(id, security).delete();
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/enable")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Re-enable a subscription that was disabled after failures or a 410; pending deliveries resume")
    public SubscriptionView enable(@PathParam("id") String id, @Context SecurityContext security) {
        rateLimiter.acquire(owner(security));
        SubscriptionRow s = own(id, security);
        s.status = SubscriptionRow.ACTIVE;
        s.disabledReason = null;
        s.consecutiveFailures = 0;
        return SubscriptionView.of(s, false);
    }

    @GET
    @Path("/{id}/deliveries")
    @Produces({MediaType.APPLICATION_JSON, Representations.CSV})
    @Operation(summary = "The delivery log of one of your subscriptions, newest first: attempts, status, latency")
    public Response deliveries(@PathParam("id") String id, @QueryParam("status") String status,
                               @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                               @QueryParam("format") String format, @Context SecurityContext security,
                               @Context Request request, @Context HttpHeaders headers) {
        Representations.Format f = Representations.format(format, headers);
        SubscriptionRow s = own(id, security);
        int off = Params.offset(offset);
        int lim = Params.limit(limit, 100);
        String where = status == null ? "subscriptionId = ?1" : "subscriptionId = ?1 and status = ?2";
        Object[] params = status == null ? new Object[] {s.id} : new Object[] {s.id, status.toUpperCase(java.util.Locale.ROOT)};
        long total = DeliveryRow.count(where, params);
        List<DeliveryRow> rows = DeliveryRow.<DeliveryRow>find(where + " order by createdAt desc, id", params)
                .range(off, off + lim - 1).list();
        Map<String, List<AttemptView>> attempts = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            DeliveryAttemptRow.<DeliveryAttemptRow>list("deliveryId in ?1 order by attempt",
                    rows.stream().map(d -> d.id).toList()).forEach(a -> attempts.computeIfAbsent(a.deliveryId,
                    k -> new java.util.ArrayList<>()).add(new AttemptView(a.attempt, a.attemptedAt, a.statusCode, a.latencyMs, a.error)));
        }
        List<DeliveryView> items = rows.stream().map(d -> new DeliveryView(d.id, d.eventId, d.status, d.attempts,
                d.lastStatusCode, d.lastError, d.lastLatencyMs, d.createdAt,
                DeliveryRow.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.deliveredAt,
                attempts.getOrDefault(d.id, List.of()))).toList();
        // a private, per-caller view: never cached by shared caches
        return Response.fromResponse(Representations.list(request, f, new Views.Page<>(total, off, lim, items),
                        () -> new Representations.Table(DELIVERY_COLUMNS, items.stream().map(SubscriptionsResource::row).toList()),
                        total, 0))
                .header("Cache-Control", "private, no-cache").build();
    }

    static final List<String> DELIVERY_COLUMNS = List.of("webhookId", "eventId", "status", "attempts",
            "lastStatusCode", "lastError", "lastLatencyMs", "createdAt", "nextAttemptAt", "deliveredAt");

    private static Map<String, Object> row(DeliveryView d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("webhookId", d.webhookId());
        r.put("eventId", d.eventId());
        r.put("status", d.status());
        r.put("attempts", d.attempts());
        r.put("lastStatusCode", d.lastStatusCode());
        r.put("lastError", d.lastError());
        r.put("lastLatencyMs", d.lastLatencyMs());
        r.put("createdAt", d.createdAt());
        r.put("nextAttemptAt", d.nextAttemptAt());
        r.put("deliveredAt", d.deliveredAt());
        return r;
    }

    private static String owner(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    /** Someone else's subscription is answered exactly like a missing one: its existence is not revealed. */
    private static SubscriptionRow own(String id, SecurityContext security) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + id);
        }
        SubscriptionRow s = SubscriptionRow.findById(uuid);
        if (s == null || !s.owner.equals(owner(security))) {
            throw ProblemException.notFound("no subscription " + id);
        }
        return s;
    }

    private static void validate(ChangeFilter filter) {
        if (filter.characteristics().size() > MAX_FILTER_VALUES || filter.regions().size() > MAX_FILTER_VALUES
                || filter.towns().size() > MAX_FILTER_VALUES || filter.transitions().size() > MAX_FILTER_VALUES) {
            throw ProblemException.unprocessable("a filter list holds at most " + MAX_FILTER_VALUES + " values");
        }
        for (String t : filter.transitionNames()) {
            try {
                io.resilienceradar.contracts.events.Transition.valueOf(t);
            } catch (IllegalArgumentException e) {
                throw ProblemException.unprocessable("unknown transition " + t);
            }
        }
    }
}
