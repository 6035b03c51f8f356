package io.resilienceradar.scoring.app;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.resilienceradar.scoring.domain.ScoringDelta;
import io.resilienceradar.scoring.persistence.AppliedLog;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.OutboxStore;
import io.resilienceradar.scoring.persistence.RulebookStateStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * At start: replays the applied log into the engine, and puts the wanted rulebook in force. At first start it
 * publishes the rulebook; when the deployed version differs from the stored one, it rescores every town and emits
 * the changes attributed to {@code rulebook:<version>} — in one transaction with the log entry and the outbox rows.
 */
@ApplicationScoped
public class RulebookManager {
    private static final Logger LOG = Logger.getLogger(RulebookManager.class);

    private final AgroalDataSource ds;
    private final EngineHolder holder;
    private final Rulebooks rulebooks;
    private final RulebookStateStore state;
    private final AppliedLog log;
    private final OutboxStore outbox;
    private final EventFactory events;

    public RulebookManager(AgroalDataSource ds, EngineHolder holder, Rulebooks rulebooks, RulebookStateStore state,
                           AppliedLog log, OutboxStore outbox, EventFactory events) {
        this.ds = ds;
        this.holder = holder;
        this.rulebooks = rulebooks;
        this.state = state;
        this.log = log;
        this.outbox = outbox;
        this.events = events;
    }

    void onStart(@Observes @Priority(10) StartupEvent ignored) {
        QuarkusTransaction.requiringNew().timeout(600).run(this::ensureRulebook);
    }

    void ensureRulebook() {
        try (Connection c = ds.getConnection()) {
            Locks.applyLock(c);
            String wanted = rulebooks.wanted();
            String stored = state.current(c).orElse(null);
            if (wanted.equals(stored)) {
                holder.catchUp(c);   // the start-up replay
                return;
            }
            holder.withEngine(c, engine -> {
                List<OutboxStore.Row> rows = new ArrayList<>();
                int changes = 0;
                if (!engine.rulebook().version().equals(wanted)) {
                    ScoringDelta delta = engine.applyRulebook(rulebooks.load(wanted));
                    changes = delta.changes().size();
                    rows.addAll(events.rows(c, engine, delta, "rulebook:" + wanted, Instant.now()));
                }
                holder.advanced(log.addRulebook(c, wanted, changes));
                rows.add(events.rulebook(engine.rulebook().toPublished()));
                outbox.add(c, rows);
                state.set(c, wanted);
                LOG.infof("rulebook %s in force (was %s): %d characteristic changes", wanted, stored, changes);
                return null;
            });
        } catch (java.sql.SQLException e) {
            throw io.resilienceradar.scoring.persistence.Db.wrap(e);
        } catch (RuntimeException e) {
            holder.invalidate();
            throw e;
        }
    }

}
