package io.resilienceradar.scoring.rest;

import io.agroal.api.AgroalDataSource;
import io.resilienceradar.scoring.app.EngineHolder;
import io.resilienceradar.scoring.domain.TownScore;
import io.resilienceradar.scoring.persistence.Db;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.Connection;
import java.util.Comparator;
import java.util.List;

/** Debug view of the engine's current computed state (the query-service serves the public read model). */
@Path("/towns")
@Produces(MediaType.APPLICATION_JSON)
public class TownsResource {
    private final AgroalDataSource ds;
    private final EngineHolder holder;

    public TownsResource(AgroalDataSource ds, EngineHolder holder) {
        this.ds = ds;
        this.holder = holder;
    }

    /** Every scored town, by code. */
    @GET
    public List<TownScore> towns() {
        try (Connection c = ds.getConnection()) {
            return holder.towns(c).stream().sorted(Comparator.comparing(TownScore::townCode)).toList();
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }

    @GET
    @Path("/{code}")
    public Response town(@PathParam("code") String code) {
        try (Connection c = ds.getConnection()) {
            return holder.town(c, code).map(t -> Response.ok(t).build())
                    .orElseGet(() -> Problems.problem(404, "Not Found", "no scored town " + code));
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }
}
