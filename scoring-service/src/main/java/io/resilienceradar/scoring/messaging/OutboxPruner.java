package io.resilienceradar.scoring.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.resilienceradar.scoring.persistence.Db;
import io.resilienceradar.scoring.persistence.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes outbox rows sent more than {@code radar.outbox.retention} ago. They are only kept that long to look at
 * (what was published when); the outbox's guarantees rest on the unsent rows, which are never pruned.
 */
@ApplicationScoped
public class OutboxPruner {
    private static final Logger LOG = Logger.getLogger(OutboxPruner.class);

    private final AgroalDataSource ds;
    private final OutboxStore outbox;
    private final Duration retention;

    public OutboxPruner(AgroalDataSource ds, OutboxStore outbox,
                        @ConfigProperty(name = "radar.outbox.retention") Duration retention) {
        this.ds = ds;
        this.outbox = outbox;
        this.retention = retention;
    }

    @Scheduled(every = "${radar.outbox.prune-every}", delayed = "${radar.outbox.prune-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune(Instant.now());
    }

    /** Deletes the rows sent before {@code now} minus the retention; returns how many. */
    @Transactional
    public int prune(Instant now) {
        try (Connection c = ds.getConnection()) {
            int deleted = outbox.pruneSentBefore(c, now.minus(retention));
            if (deleted > 0) {
                LOG.infof("pruned %d outbox rows sent before %s", deleted, now.minus(retention));
            }
            return deleted;
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
    }
}
