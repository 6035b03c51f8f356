package io.resilienceradar.query.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A bare endpoint: the baseline the town profile's throughput is measured against (docs/benchmarks-query.md). */
@Path("/ping")
public class PingResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Always 'pong' (benchmark baseline)")
    public String ping() {
        return "pong";
    }
}
