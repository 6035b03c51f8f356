package io.resilienceradar.scoring.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every error as RFC 9457 {@code application/problem+json}. */
@Provider
public class Problems implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(Problems.class);
    public static final String TYPE = "application/problem+json";

    public static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(TYPE).entity(body).build();
    }

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof WebApplicationException w) {
            Response r = w.getResponse();
            return problem(r.getStatus(), r.getStatusInfo().getReasonPhrase(), e.getMessage());
        }
        LOG.error("request failed", e);
        return problem(500, "Internal Server Error", "see the service log");
    }
}
