package io.resilienceradar.query.rest;

import io.agroal.api.AgroalDataSource;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.domain.ProfilesCommitted;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.EntityTag;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rendered latest profile of each town (bytes + ETag), so the hottest read is served from the event loop
 * without a database round trip or any per-request rendering. An entry is replaced, already rendered, as soon as
 * this instance materialises a newer profile (the JSON the materialiser wrote), and is reloaded in the background
 * once older than {@code radar.reads.cache-ttl} (bounding staleness when several instances share the database;
 * clients are told {@code max-age} anyway). Bytes read back from the database are re-rendered the same way
 * (PostgreSQL's jsonb text reorders keys), so a town's ETag is the same on every instance and after every reload.
 */
@ApplicationScoped
public class ProfileCache {
    private static final int MAX_ENTRIES = 20_000;

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "radar.reads.cache-ttl")
    Duration ttl;

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();

    public record Entry(byte[] body, EntityTag etag, long loadedAtNanos) {
        static Entry of(byte[] body) {
            return new Entry(body, Representations.etag(body), System.nanoTime());
        }
    }

    /**
     * The cached entry, or null (then {@link #load} on a worker thread). An entry older than the TTL is still
     * answered while one background reload replaces it, so an expiry never stalls the readers of a hot town.
     */
    public Entry fresh(String code) {
        Entry e = entries.get(code);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.loadedAtNanos() >= ttl.toNanos() && refreshing.add(code)) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    if (load(code) == null) {
                        entries.remove(code);
                    }
                } catch (RuntimeException ignored) {
                    entries.remove(code); // the next reader loads it itself and sees the error
                } finally {
                    refreshing.remove(code);
                }
            });
        }
        return e;
    }

    /** Reads the town from the database; null when there is no such town. Blocking. */
    public Entry load(String code) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT body::text FROM town_profile WHERE town_code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Entry e = Entry.of(Json.write(Json.read(rs.getString(1), TownProfile.class)));
                put(code, e);
                return e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read town " + code, e);
        }
    }

    void onProfiles(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProfilesCommitted event) {
        event.rendered().forEach((code, json) -> put(code, Entry.of(json.getBytes(StandardCharsets.UTF_8))));
    }

    private void put(String code, Entry e) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(code)) {
            entries.clear(); // crude bound; towns number in the thousands
        }
        entries.put(code, e);
    }
}
