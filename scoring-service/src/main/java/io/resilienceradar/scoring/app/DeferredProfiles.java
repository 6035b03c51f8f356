package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.scoring.domain.TownScore;
import io.resilienceradar.scoring.persistence.Locks;
import io.resilienceradar.scoring.persistence.OutboxStore.Row;
import io.resilienceradar.scoring.persistence.TownRevisions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.util.ArrayList;
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

    private final EngineHolder holder;
    private final TownRevisions revisions;
    private final ProfileJson json = new ProfileJson();

    public DeferredProfiles(EngineHolder holder, TownRevisions revisions) {
        this.holder = holder;
        this.revisions = revisions;
    }

    /** The rows to send, with their full payloads, in the given (id) order, and the superseded rows' ids. */
    public record Rendered(List<Row> rows, List<Long> superseded) {
    }

    /** Call inside the relay's transaction on {@code c}; takes the apply lock only for rows not held in memory. */
    public Rendered render(Connection c, List<Row> deferred) {
        if (deferred.stream().allMatch(r -> r.profile() != null)) {
            // the usual case: no database, no engine (which the next release may be applying meanwhile)
            return new Rendered(deferred.stream().map(r -> r.withPayload(json.write(r.profile()))).toList(), List.of());
        }
        // no apply in flight until this transaction ends: the caught-up engine is the committed state
        Locks.applyLock(c);
        Map<String, Long> revisionNow = revisions.current(c,
                deferred.stream().filter(r -> r.profile() == null).map(Row::key).toList());
        return holder.withEngine(c, engine -> {
            List<Row> out = new ArrayList<>(deferred.size());
            List<Long> superseded = new ArrayList<>();
            for (Row r : deferred) {
                if (r.profile() != null) {
                    out.add(r.withPayload(json.write(r.profile())));
                    continue;
                }
                TownProfile stub = ProfileStubs.read(r.payload());
                Optional<TownScore> score = engine.town(stub.townCode());
                Long revision = revisionNow.get(stub.townCode());
                if (revision == null || revision != stub.revision() || score.isEmpty()) {
                    superseded.add(r.id());
                    continue;
                }
                out.add(r.withPayload(json.write(ProfileStubs.complete(stub, score.get().characteristics()))));
            }
            if (!superseded.isEmpty()) {
                LOG.infof("%d deferred profiles superseded by later revisions", superseded.size());
            }
            return new Rendered(out, superseded);
        });
    }
}
