package io.resilienceradar.ingest.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.Range;
import io.resilienceradar.ingest.domain.RowValidator;
import io.resilienceradar.ingest.messaging.ReleaseRelay;
import io.resilienceradar.ingest.messaging.ReleaseStreamer;
import io.resilienceradar.ingest.parse.Csvw;
import io.resilienceradar.ingest.parse.ReleaseParser;
import io.resilienceradar.ingest.parse.TooLarge;
import io.resilienceradar.ingest.persistence.LegacyChecksum;
import io.resilienceradar.ingest.persistence.ReleaseEntity;
import io.resilienceradar.ingest.persistence.Spool;
import io.resilienceradar.ingest.persistence.Stager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one path every release takes (API upload or watcher): stream-parse and validate into a spool file (a small
 * release: into memory, then its row), then, only if there is no problem, record the release ACCEPTED with its checksum
 * in one transaction and hand it to the relay.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    public static final String PROBLEM_BASE = "https://resilience-radar.local/problems/";

    @Inject
    ReferenceData reference;
    @Inject
    ReleaseRelay relay;

    @ConfigProperty(name = "radar.ingest.max-release-bytes", defaultValue = "2147483648")
    long maxBytes;
    @ConfigProperty(name = "radar.ingest.max-problems", defaultValue = "100")
    int maxProblems;
    @ConfigProperty(name = "radar.ingest.spool-dir", defaultValue = "${java.io.tmpdir}/radar-ingest-spool")
    Path spoolDir;
    /** Observations per ObservationBatch: batches are serialised while staging, so the staging step decides it. */
    @ConfigProperty(name = "radar.relay.batch-size", defaultValue = "4000")
    int batchSize;
    @ConfigProperty(name = "radar.ingest.publish-wait", defaultValue = "30s")
    Duration publishWait;
    /**
     * Staged content up to this size is kept in the release row, not a spool file: the acceptance's one commit makes
     * it durable, instead of an fsync of the file and then the commit (0: always a file).
     */
    @ConfigProperty(name = "radar.ingest.inline-staging-limit", defaultValue = "1M")
    MemorySize inlineLimit;

    /** Outcome: HTTP status (201 published, 202 accepted and publishing, 200 identical release already known). */
    public record Outcome(int status, ReleaseView release) {
    }

    public Outcome ingest(InputStream content, MetadataInput input, Csvw csvw, String origin) throws IOException {
        // metadata given up front (query, form, watcher): the release can go to Kafka while it is parsed, in a
        // transaction that commits only if it is accepted (see docs/ingest-service.md)
        AnswerPhases phases = new AnswerPhases();
        Problems upFront = new Problems(1);
        ReleaseMetadata early = input.resolve(null, csvw, upFront);
        ReleaseStreamer.Stream stream = upFront.isEmpty() ? relay.openStream(early) : null;
        phases.mark("open");
        try {
            return ingest(content, input, csvw, origin, stream, phases);
        } finally {
            if (stream != null) {
                stream.abort(); // unless committed: nothing of it reaches read_committed consumers
            }
        }
    }

    private Outcome ingest(InputStream content, MetadataInput input, Csvw csvw, String origin,
                           ReleaseStreamer.Stream stream, AnswerPhases phases) throws IOException {
        Problems problems = new Problems(maxProblems);
        Path spool = spoolDir.resolve(UUID.randomUUID() + ".spool");
        String kind = input.kind() == null ? ReleaseMetadata.KIND_OBSERVATIONS : input.kind();
        RowValidator validator = new RowValidator(kind, reference.snapshot(), csvw.indicators(), problems);
        ReleaseParser.Parsed parsed;
        ReleaseMetadata metadata;
        Stager.Result staged;
        try (Stager out = new Stager(spool, batchSize, stream, Math.toIntExact(inlineLimit.asLongValue()))) {
            parsed = ReleaseParser.parse(content, maxBytes, problems, (row, cols) -> {
                Observation o = validator.accept(row, cols);
                if (o != null && problems.isEmpty()) {
                    out.add(o);
                }
            });
            metadata = input.resolve(parsed.jsonMetadata(), csvw, problems);
            phases.mark("parse");
            staged = out.finish();
            phases.mark("stage");
            if (problems.isEmpty() && staged.staged().observations() == 0) {
                problems.add(parsed.format() == null ? 1 : 2, null, null, "no observations in the release");
            }
            if (problems.isEmpty() && !ReleaseMetadata.KIND_OBSERVATIONS.equals(kind) && !kind.equals(metadata.kind())) {
                problems.add(0, "kind", metadata.kind(), "kind given twice with different values");
            }
        } catch (TooLarge e) {
            Files.deleteIfExists(spool);
            throw new IngestRefused(413, PROBLEM_BASE + "release-too-large", "Release too large",
                    "the release is larger than " + e.limit + " bytes (decompressed); split it or raise "
                            + "radar.ingest.max-release-bytes", java.util.List.of(), 0, null);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
        if (!ReleaseMetadata.KIND_OBSERVATIONS.equals(metadata.kind()) && ReleaseMetadata.KIND_OBSERVATIONS.equals(kind)
                && problems.isEmpty()) {
            // kind came from the body's metadata after the rows were validated as observations: validate again is
            // not possible on a stream, so ask for it up front
            problems.add(0, "kind", metadata.kind(), "for register and lookup releases give kind as a parameter");
        }
        if (!problems.isEmpty()) {
            Files.deleteIfExists(spool);
            recordRejection(metadata, problems, parsed, origin);
            throw new IngestRefused(422, PROBLEM_BASE + "invalid-release", "Release is not valid",
                    problems.total() + " problem(s) found; nothing was published", problems.list(), problems.total(),
                    metadata.datasetId() == null ? null : metadata.releaseId());
        }
        String hex = staged.checksum();
        Spool.Location where = Spool.Location.of(spool, staged.staged());
        Map<String, Range> declared = csvw.indicators();
        Set<String> indicators = ReleaseMetadata.KIND_OBSERVATIONS.equals(kind) ? validator.indicators() : Set.of();
        Set<String> areas = validator.newAreas();
        String id = metadata.releaseId();
        // the stream is only committed for the metadata it opened with (a JSON body may add to it), and with the relay
        // kept off the row meanwhile
        boolean streaming = stream != null && stream.metadata().equals(metadata) && relay.claim(id);
        ReleaseView view = null;
        try {
            Outcome existing;
            try {
                existing = QuarkusTransaction.requiringNew().call(() ->
                        accept(metadata, parsed, hex, staged.staged(), where, origin, areas, indicators, declared));
                phases.mark("accept");
            } catch (RuntimeException e) {
                Files.deleteIfExists(spool);
                throw e;
            }
            if (existing != null) {
                Files.deleteIfExists(spool);
                return existing; // identical content already known: the stream is aborted
            }
            reference.committed(areas, indicators, declared);
            if (streaming && stream.commit(staged.staged().batches(), staged.staged().observations(), hex)) {
                phases.mark("kafkaCommit");
                try {
                    view = relay.published(id, staged.staged().batches(), where, ReleaseView::of);
                    phases.mark("markPublished");
                    LOG.infof("published %s while parsing: %d observations in %d batches", id,
                            staged.staged().observations(), staged.staged().batches());
                } catch (IOException | RuntimeException e) {
                    // still ACCEPTED: the relay publishes it again, whole; consumers apply a release id once
                    LOG.warnf("%s is on Kafka but could not be marked published: %s", id, e.getMessage());
                }
            } else {
                if (stream != null) {
                    stream.abort();
                }
                if (streaming) {
                    relay.unclaim(id);
                    streaming = false;
                }
                try {
                    relay.submit(id).get(publishWait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    LOG.infof("%s accepted; still publishing", id);
                } catch (Exception e) {
                    LOG.warnf("%s accepted; publication will be retried: %s", id, e.getMessage());
                }
                phases.mark("relay");
            }
        } finally {
            if (streaming) {
                relay.unclaim(id);
            }
        }
        if (view == null) { // published by the relay (or still publishing): as the row now says
            view = QuarkusTransaction.requiringNew().call(() -> ReleaseView.of(ReleaseEntity.findById(id)));
            phases.mark("view");
        }
        phases.log(id);
        return new Outcome(ReleaseEntity.PUBLISHED.equals(view.status()) ? 201 : 202, view);
    }

    /**
     * In one transaction: conflicts checked, release row ACCEPTED with checksum and staged content (spool path or the
     * bytes), register/catalogue.
     */
    private Outcome accept(ReleaseMetadata m, ReleaseParser.Parsed parsed, String hex, Spool.Staged staged, Spool.Location where,
                           String origin, Set<String> areas, Set<String> indicators, Map<String, Range> declared) {
        ReleaseEntity current = ReleaseEntity.findById(m.releaseId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (current != null && !ReleaseEntity.REJECTED.equals(current.status)) {
            if (!ReleaseEntity.FAILED.equals(current.status) && (hex.equals(current.checksum)
                    || current.checksum != null && current.checksum.equals(LegacyChecksum.of(where)))) {
                // identical content (accepted before the value text's canonical form changed, for the second test)
                return new Outcome(200, ReleaseView.of(current));
            }
            if (!ReleaseEntity.FAILED.equals(current.status)) {
                throw new IngestRefused(409, PROBLEM_BASE + "version-conflict", "Version already accepted with different content",
                        m.releaseId() + " was accepted with checksum " + current.checksum + "; this content has checksum "
                                + hex + ". Publish changes as a new version (with a correction alert).",
                        java.util.List.of(), 0, m.releaseId());
            }
        }
        int max = ReleaseEntity.maxAcceptedVersion(m.datasetId(), m.edition());
        if (m.version() < max) {
            throw new IngestRefused(409, PROBLEM_BASE + "version-conflict", "Version lower than one already accepted",
                    "version " + m.version() + " of " + m.datasetId() + "/" + m.edition() + " is lower than the accepted version "
                            + max, java.util.List.of(), 0, m.releaseId());
        }
        ReleaseEntity r = current == null ? new ReleaseEntity() : current;
        r.id = m.releaseId();
        r.datasetId = m.datasetId();
        r.edition = m.edition();
        r.version = m.version();
        r.status = ReleaseEntity.ACCEPTED;
        r.format = parsed.format().name();
        r.metadata = Json.writeString(m);
        r.checksum = hex;
        r.observations = staged.observations();
        r.spoolPath = where.file() == null ? null : where.file().toAbsolutePath().toString();
        r.stagedContent = where.inline();
        r.spoolDigest = staged.digest();
        r.stagedBatches = staged.batches();
        r.report = null;
        r.origin = origin;
        r.receivedAt = OffsetDateTime.now();
        r.acceptedAt = r.receivedAt;
        r.publishedAt = null;
        r.batches = null;
        if (current == null) {
            r.persist();
        }
        reference.record(r.id, areas, indicators, declared);
        return null;
    }

    /** A refused release keeps its report (unless the same id is already accepted: that record stays untouched). */
    private void recordRejection(ReleaseMetadata m, Problems problems, ReleaseParser.Parsed parsed, String origin) {
        if (m.datasetId() == null || m.edition() == null || m.version() < 1) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                ReleaseEntity r = ReleaseEntity.findById(m.releaseId());
                if (r != null && !ReleaseEntity.REJECTED.equals(r.status)) {
                    return;
                }
                boolean fresh = r == null;
                if (fresh) {
                    r = new ReleaseEntity();
                    r.id = m.releaseId();
                }
                r.datasetId = m.datasetId();
                r.edition = m.edition();
                r.version = m.version();
                r.status = ReleaseEntity.REJECTED;
                r.format = parsed == null || parsed.format() == null ? null : parsed.format().name();
                r.metadata = Json.writeString(m);
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("problemCount", problems.total());
                report.put("problems", problems.list());
                r.report = Json.writeString(report);
                r.origin = origin;
                r.receivedAt = OffsetDateTime.now();
                if (fresh) {
                    r.persist();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not record the rejection of %s: %s", m.releaseId(), e.getMessage());
        }
    }
}
