package io.resilienceradar.ingest.service;

import io.resilienceradar.ingest.domain.Problem;

import java.util.List;

/** A release refused before anything was published; rendered as an RFC 9457 problem document. */
public class IngestRefused extends RuntimeException {
    public final int status;
    public final String type;
    public final String title;
    public final List<Problem> problems;
    public final long problemCount;
    public final String releaseId;

    public IngestRefused(int status, String type, String title, String detail, List<Problem> problems, long problemCount,
                         String releaseId) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.problems = problems;
        this.problemCount = problemCount;
        this.releaseId = releaseId;
    }
}
