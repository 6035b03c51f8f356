package io.resilienceradar.ingest.rest;

import io.resilienceradar.ingest.service.IngestRefused;
import io.resilienceradar.ingest.service.IngestService;
import io.resilienceradar.ingest.watch.FeedStatus;
import io.resilienceradar.ingest.watch.Watcher;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Status of the watched ONS-style feeds: last checked, last version ingested, last error. */
@Path("/watch/feeds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "watcher")
public class WatchResource {
    @Inject
    Watcher watcher;

    @GET
    @Operation(summary = "Every configured feed's status")
    public List<FeedStatus> feeds() {
        return watcher.statuses();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One feed's status")
    public FeedStatus feed(@PathParam("name") String name) {
        FeedStatus s = watcher.status(name);
        if (s == null) {
            throw new IngestRefused(404, IngestService.PROBLEM_BASE + "not-found", "Not found", "no feed " + name,
                    List.of(), 0, null);
        }
        return s;
    }
}
