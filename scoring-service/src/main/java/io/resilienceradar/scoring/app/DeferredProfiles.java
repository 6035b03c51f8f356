package io.resilienceradar.scoring.app;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.scoring.domain.TownScore;
import io.resilienceradar.scoring.persistence.Db;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.OutboxStore.Row;
import io.resilienceradar.scoring.persistence.TownRevisions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders deferred profile rows for the relay. A row committed by this replica carries its profile as committed
 * (captured in the applying transaction). Any other row (written before a restart, or by another replica) is
 * rendered from the engine: a town's characteristics change only with a change event, and every change event bumps
 * the town's revision, so while the town's revision is still the row's, the committed state renders exactly the
 * profile the row stands for. If the revision has moved on, a later row carries a newer profile and this one is
 * superseded: marked sent without sending, which is what log compaction would keep anyway.
 */
@ApplicationScoped
public class DeferredProfiles {
    private static final Logger LOG = Logger.getLogger(DeferredProfiles.class);

    private final AgroalDataSource ds;
    private final EngineHolder holder;
    private final TownRevisions revisions;
    private final ProfileJson json = new ProfileJson();

    public DeferredProfiles(AgroalDataSource ds, EngineHolder holder, TownRevisions revisions) {
        this.ds = ds;
        this.holder = holder;
        this.revisions = revisions;
    }

    /**
     * The deferred profiles (single events, not bundles) to send, with their full payloads, in the given order;
     * superseded ones are left out. Those not held in memory are completed from the engine in a short transaction of
     * their own that holds the apply lock only while it takes their characteristics (serialising them happens after
     * it ended, so that a release waiting to be applied does not wait for the JSON).
     */
    public List<Row> render(List<Row> deferred) {
        Map<Row, TownProfile> fromEngine = new IdentityHashMap<>();
        List<Row> missing = deferred.stream().filter(r -> r.profile() == null).toList();
        if (!missing.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> complete(missing, fromEngine));
        }
        List<Row> out = new ArrayList<>(deferred.size());
        for (Row r : deferred) {
            TownProfile profile = r.profile() != null ? r.profile() : fromEngine.get(r);
            if (profile != null) {
                out.add(r.withPayload(json.write(profile)));
            }
        }
        return out;
    }

    private void complete(List<Row> missing, Map<Row, TownProfile> completed) {
        try (Connection c = ds.getConnection()) {
            // no apply in flight until this transaction ends: the caught-up engine is the committed state
            Locks.applyLock(c);
            Map<String, Long> revisionNow = revisions.current(c, missing.stream().map(Row::key).toList());
            holder.withEngine(c, engine -> {
                for (Row r : missing) {
                    TownProfile stub = ProfileStubs.read(r.payload());
                    Optional<TownScore> score = engine.town(stub.townCode());
                    Long revision = revisionNow.get(stub.townCode());
                    if (revision == null || revision != stub.revision() || score.isEmpty()) {
                        LOG.debugf("deferred profile %s superseded by revision %s", r.ceId(), revision);
                    } else {
                        completed.put(r, ProfileStubs.complete(stub, score.get().characteristics()));
                    }
                }
                return null;
            });
        } catch (java.sql.SQLException e) {
            throw Db.wrap(e);
        }
        if (completed.size() < missing.size()) {
            LOG.infof("%d deferred profiles superseded by later revisions", missing.size() - completed.size());
        }
    }
}
