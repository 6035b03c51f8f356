package io.resilienceradar.ingest.rest;

import io.resilienceradar.ingest.service.IngestRefused;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem documents, with the validation problems as a {@code problems} extension member. */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response refused(IngestRefused e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type);
        body.put("title", e.title);
        body.put("status", e.status);
        body.put("detail", e.getMessage());
        if (e.releaseId != null) {
            body.put("instance", "/releases/" + e.releaseId);
            body.put("releaseId", e.releaseId);
        }
        if (e.problems != null && !e.problems.isEmpty()) {
            body.put("problemCount", e.problemCount);
            body.put("problems", e.problems);
        }
        return Response.status(e.status).type(PROBLEM_JSON).entity(body).build();
    }
}
