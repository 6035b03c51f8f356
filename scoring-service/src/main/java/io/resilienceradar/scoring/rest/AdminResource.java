package io.resilienceradar.scoring.rest;

import io.resilienceradar.scoring.app.Rebuilder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operations: re-derive all state from the retained release topic (role {@code admin}). */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final Rebuilder rebuilder;

    public AdminResource(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed("admin")
    public Rebuilder.Result rebuild() {
        return rebuilder.rebuild();
    }
}
