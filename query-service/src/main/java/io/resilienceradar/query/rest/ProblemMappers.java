package io.resilienceradar.query.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.getEntity() instanceof Problem) {
            return r;
        }
        Response.ResponseBuilder b = Response.status(r.getStatus()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(r.getStatus(), e.getMessage()));
        r.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-type")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.fromResponse(Problem.of(401, "a bearer token is required").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return Response.fromResponse(Problem.of(401, "the bearer token is not valid").toResponse())
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "this needs the subscriber role").toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Problem.of(400, "the request body is not valid JSON for this resource: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return Problem.of(400, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException w) {
            return webApplication(w);
        }
        LOG.error("unexpected error", e);
        return Problem.of(500, "unexpected error").toResponse();
    }
}
