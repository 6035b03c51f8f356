package io.resilienceradar.query.rest;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.query.domain.ChangeFilter;
import io.resilienceradar.query.live.ChangeBroadcaster;
import io.resilienceradar.query.persistence.ChangeRow;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import io.resilienceradar.query.persistence.ChangeCriteria;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

@Path("/changes")
@Tag(name = "changes")
public class ChangesResource {
    @Inject
    EntityManager em;
    @Inject
    ChangeBroadcaster broadcaster;
    @ConfigProperty(name = "radar.reads.max-age")
    int maxAge;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Representations.CSV})
    @Operation(summary = "Recent transitions, newest first, filtered by characteristic, transition, region, town and time")
    public Response recent(@QueryParam("characteristic") List<String> characteristic,
                           @QueryParam("transition") List<String> transition,
                           @QueryParam("region") List<String> region, @QueryParam("town") List<String> town,
                           @QueryParam("since") String since, @QueryParam("until") String until,
                           @Parameter(description = "an event id: only transitions stored after it, oldest first "
                                   + "(to resume after a closed live stream)") @QueryParam("after") String after,
                           @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                           @QueryParam("format") String format, @Context Request request, @Context HttpHeaders headers) {
        Representations.Format f = Representations.format(format, headers);
        ChangeFilter filter = filter(characteristic, transition, region, town);
        Instant from = Params.instant("since", since);
        Instant to = Params.instant("until", until);
        int off = Params.offset(offset);
        int lim = Params.limit(limit, 100);

        ChangeCriteria criteria = ChangeCriteria.of(filter, from, to, after != null ? seqOf(after, "after") : null);
        long total = criteria.bind(em.createQuery("select count(c) from ChangeRow c" + criteria.where(), Long.class))
                .getSingleResult();
        TypedQuery<ChangeRow> page = criteria.bind(em.createQuery("select c from ChangeRow c" + criteria.where()
                + " order by c.seq" + (after != null ? "" : " desc"), ChangeRow.class));
        List<CharacteristicChanged> items = page.setFirstResult(off).setMaxResults(lim).getResultList().stream()
                .map(c -> Json.read(c.body, CharacteristicChanged.class)).toList();
        return Representations.list(request, f, new Views.Page<>(total, off, lim, items),
                () -> new Representations.Table(Views.CHANGE_COLUMNS, items.stream().map(Views::changeRow).toList()),
                total, maxAge);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events: live transitions as they are materialised, with the same filters. "
            + "Each event's id is the transition's eventId. A client that falls more than radar.live.buffer transitions "
            + "behind gets a final event named 'overflow' (data: lastEventId and a resume link to GET /changes?after=) "
            + "and the stream is closed; nothing is dropped silently. A client that reconnects with the "
            + "Last-Event-ID header (as EventSource does) first gets the stored transitions after that one, "
            + "with the same filters, then the live ones, without a gap or a repeat.")
    @Blocking // resolving Last-Event-ID reads the database, and an unknown one is answered 400 before the stream starts
    public Multi<OutboundSseEvent> stream(@QueryParam("characteristic") List<String> characteristic,
                                          @QueryParam("transition") List<String> transition,
                                          @QueryParam("region") List<String> region,
                                          @QueryParam("town") List<String> town,
                                          @Parameter(description = "the id of the last event received: resume after it")
                                          @HeaderParam("Last-Event-ID") String lastEventId,
                                          @Context Sse sse, @Context UriInfo uri) {
        ChangeFilter filter = filter(characteristic, transition, region, town);
        Multi<CharacteristicChanged> changes = lastEventId == null || lastEventId.isBlank()
                ? broadcaster.stream(filter)
                : broadcaster.resume(filter, seqOf(lastEventId.trim(), "Last-Event-ID"));
        // the id of the last transition handed to the writer: the client has it (or will), the overflow names it
        AtomicReference<String> lastSent = new AtomicReference<>(lastEventId);
        return changes
                .map(c -> {
                    lastSent.set(c.eventId());
                    return sse.newEventBuilder().id(c.eventId())
                            .data(String.class, Json.writeString(c)).build();
                })
                .onFailure(BackPressureFailure.class).recoverWithItem(() -> overflow(sse, uri, lastSent.get()));
    }

    private OutboundSseEvent overflow(Sse sse, UriInfo uri, String lastEventId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", "this client fell more than " + broadcaster.bufferSize()
                + " transitions behind; the stream is closed so that none is lost silently");
        body.put("lastEventId", lastEventId);
        if (lastEventId != null) {
            String query = uri.getRequestUri().getRawQuery();
            body.put("resume", "/changes?after=" + java.net.URLEncoder.encode(lastEventId, StandardCharsets.UTF_8)
                    + (query == null || query.isBlank() ? "" : "&" + query));
        }
        return sse.newEventBuilder().name("overflow")
                .data(String.class, Json.writeString(body)).build();
    }

    /** The position of a stored transition, for {@code after}. */
    private long seqOf(String eventId, String what) {
        List<Long> seq = em.createQuery("select c.seq from ChangeRow c where c.eventId = :id", Long.class)
                .setParameter("id", eventId).getResultList();
        if (seq.isEmpty()) {
            throw ProblemException.badRequest(what + " names no stored transition: " + eventId);
        }
        return seq.get(0);
    }

    static ChangeFilter filter(List<String> characteristic, List<String> transition, List<String> region, List<String> town) {
        return new ChangeFilter(Params.split(characteristic), Params.transitions(transition), Params.split(region),
                Params.split(town));
    }
}
