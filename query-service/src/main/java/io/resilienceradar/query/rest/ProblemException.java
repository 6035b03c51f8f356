package io.resilienceradar.query.rest;

import jakarta.ws.rs.WebApplicationException;

/** Thrown by resources to answer with a problem document. */
public class ProblemException extends WebApplicationException {
    public ProblemException(int status, String detail) {
        super(detail, Problem.of(status, detail).toResponse());
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, detail);
    }
}
