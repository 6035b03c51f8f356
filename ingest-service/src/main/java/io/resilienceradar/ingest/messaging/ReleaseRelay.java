package io.resilienceradar.ingest.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.persistence.ReleaseEntity;
import io.resilienceradar.ingest.persistence.Spool;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Publishes ACCEPTED releases and marks them PUBLISHED. One thread, so a release is never sent twice at once.
 * Runs after every acceptance and on a schedule, which also re-publishes, whole, what a crash left unfinished.
 */
@ApplicationScoped
public class ReleaseRelay {
    private static final Logger LOG = Logger.getLogger(ReleaseRelay.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "radar.topics.releases", defaultValue = Topics.RELEASES)
    String topic;
    @ConfigProperty(name = "radar.relay.compression", defaultValue = "lz4")
    String compression;
    /** Publish while parsing, in a Kafka transaction ({@link ReleaseStreamer}); false: only after acceptance. */
    @ConfigProperty(name = "radar.relay.stream", defaultValue = "true")
    boolean stream;
    /** Stable per instance (a restart fences what a crash left open); unique across instances. */
    @ConfigProperty(name = "radar.relay.transactional-id", defaultValue = "ingest-release-streamer")
    String transactionalId;
    @ConfigProperty(name = "radar.relay.transaction-timeout", defaultValue = "10m")
    java.time.Duration transactionTimeout;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "release-relay"));
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile ReleasePublisher publisher;
    private volatile ReleaseStreamer streamer;

    @PostConstruct
    void init() {
        publisher = new ReleasePublisher(bootstrap, topic, compression);
        if (stream) {
            streamer = new ReleaseStreamer(bootstrap, topic, compression, transactionalId, transactionTimeout);
        }
    }

    void stop(@Observes ShutdownEvent e) {
        executor.shutdown();
        publisher.close();
        if (streamer != null) {
            streamer.close();
        }
    }

    /** A transaction to publish this release while it is parsed, or null (streaming off or busy). */
    public ReleaseStreamer.Stream openStream(ReleaseMetadata metadata) {
        return streamer == null ? null : streamer.open(metadata);
    }

    /**
     * Keeps the relay off a release that its uploader is streaming (so that an ACCEPTED row is not published twice
     * at once); false when the relay already has it.
     */
    public boolean claim(String releaseId) {
        return queued.add(releaseId);
    }

    public void unclaim(String releaseId) {
        queued.remove(releaseId);
    }

    /** Queues a release for publication (no-op if already queued). */
    public Future<?> submit(String releaseId) {
        if (!queued.add(releaseId)) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return executor.submit(() -> {
            try {
                publishOne(releaseId);
            } finally {
                queued.remove(releaseId);
            }
        });
    }

    @Scheduled(every = "${radar.relay.every:5s}", delayed = "${radar.relay.delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeUnfinished() {
        List<String> ids = QuarkusTransaction.requiringNew().call(() ->
                ReleaseEntity.unpublished().stream().map(r -> r.id).toList());
        ids.forEach(this::submit);
    }

    /** Kafka has the whole release: the row says so and the spool goes (a crash before this re-publishes it whole). */
    public void published(String id, int batches, Spool.Location staged) throws java.io.IOException {
        published(id, batches, staged, row -> null);
    }

    /**
     * {@link #published(String, int, Spool.Location)}, returning {@code view} of the updated row from the same
     * transaction (the uploader's answer, without reading the row again in another one).
     */
    public <T> T published(String id, int batches, Spool.Location staged, Function<ReleaseEntity, T> view)
            throws java.io.IOException {
        T out = QuarkusTransaction.requiringNew().call(() -> {
            ReleaseEntity row = ReleaseEntity.findById(id);
            row.status = ReleaseEntity.PUBLISHED;
            row.batches = batches;
            row.publishedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            row.stagedContent = null;
            return view.apply(row);
        });
        staged.delete();
        return out;
    }

    private void publishOne(String id) {
        // the row and, if kept in it, the staged content (a lazy column) in one read
        Map.Entry<ReleaseEntity, Spool.Location> found = QuarkusTransaction.requiringNew().call(() -> {
            ReleaseEntity row = ReleaseEntity.findById(id);
            return row == null ? null : Map.entry(row, row.staged());
        });
        if (found == null || !ReleaseEntity.ACCEPTED.equals(found.getKey().status)) {
            return;
        }
        ReleaseEntity r = found.getKey();
        Spool.Location staged = found.getValue();
        try {
            if (!staged.exists()) {
                throw new java.io.IOException("staged content " + staged + " is missing");
            }
            ReleaseMetadata metadata = Json.read(r.metadata, ReleaseMetadata.class);
            if (r.spoolDigest == null || r.stagedBatches == null) {
                throw new Spool.Damaged(id + " was staged in an earlier spool layout");
            }
            ReleasePublisher.Sent sent = publisher.publish(metadata, staged,
                    new ReleasePublisher.Expected(r.checksum, r.observations, r.stagedBatches, r.spoolDigest));
            published(id, sent.batches(), staged);
            LOG.infof("published %s: %d observations in %d batches", id, sent.observations(), sent.batches());
        } catch (java.io.IOException | RuntimeException e) {
            // stays ACCEPTED: the next scheduled run re-publishes it whole; consumers apply a release id once
            LOG.warnf("publishing %s failed, will retry: %s", id, e.getMessage());
            if (e instanceof Spool.Damaged || !staged.exists()) {
                QuarkusTransaction.requiringNew().run(() -> {
                    ReleaseEntity row = ReleaseEntity.findById(id);
                    row.status = ReleaseEntity.FAILED;
                    row.report = Json.writeString(java.util.Map.of("detail", String.valueOf(e.getMessage())));
                });
            }
        }
    }
}
