package io.resilienceradar.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.Range;
import io.resilienceradar.ingest.domain.Reference;
import io.resilienceradar.ingest.parse.ReleaseParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The register and the indicator catalogue, data-driven: codes and indicator ids of accepted releases (in the DB),
 * plus, until a register release is accepted, the bundled releases in the contracts module
 * ({@code releases/index.json} and the files it lists), plus indicators listed in {@code radar.ingest.indicators}.
 */
@ApplicationScoped
public class ReferenceData {
    private static final Logger LOG = Logger.getLogger(ReferenceData.class);

    @Inject
    EntityManager em;
    @ConfigProperty(name = "radar.ingest.indicators")
    Optional<List<String>> configuredIndicators;
    @ConfigProperty(name = "radar.ingest.bundled-reference", defaultValue = "true")
    boolean useBundled;

    private final Set<String> acceptedAreas = ConcurrentHashMap.newKeySet();
    private final Set<String> bundledAreas = ConcurrentHashMap.newKeySet();
    private final Map<String, Range> indicators = new ConcurrentHashMap<>();

    void load(@Observes StartupEvent e) {
        configuredIndicators.ifPresent(l -> l.forEach(i -> indicators.putIfAbsent(i.trim(), Range.OPEN)));
        if (useBundled) {
            loadBundled();
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (Object code : em.createNativeQuery("select code from register_area").getResultList()) {
                acceptedAreas.add((String) code);
            }
            for (Object row : em.createNativeQuery("select id, minimum, maximum from catalogue_indicator").getResultList()) {
                Object[] r = (Object[]) row;
                indicators.put((String) r[0], new Range((Double) r[1], (Double) r[2]));
            }
        });
        LOG.infof("reference: %d register codes accepted, %d bundled, %d indicators", acceptedAreas.size(),
                bundledAreas.size(), indicators.size());
    }

    /** Reads the bundled releases once: indicator ids of every file, area codes of register and lookup files. */
    private void loadBundled() {
        try (InputStream index = getClass().getClassLoader().getResourceAsStream("releases/index.json")) {
            if (index == null) {
                return;
            }
            for (JsonNode entry : Json.MAPPER.readTree(index).path("releases")) {
                String kind = entry.path("kind").asText(ReleaseMetadata.KIND_OBSERVATIONS);
                boolean register = !ReleaseMetadata.KIND_OBSERVATIONS.equals(kind);
                for (JsonNode i : entry.path("indicators")) {
                    indicators.putIfAbsent(i.isTextual() ? i.asText() : i.path("id").asText(), Range.OPEN);
                }
                String file = entry.path("file").asText(null);
                if (file == null) {
                    continue;
                }
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("releases/" + file)) {
                    if (in == null) {
                        continue;
                    }
                    ReleaseParser.parse(in, Long.MAX_VALUE, new Problems(0), (row, cols) -> {
                        if (register) {
                            if (row.area() != null) {
                                bundledAreas.add(row.area().trim());
                            }
                        } else if (row.indicator() != null && !row.indicator().isBlank()) {
                            indicators.putIfAbsent(row.indicator().trim(), Range.OPEN);
                        }
                    });
                }
            }
        } catch (Exception ex) {
            LOG.warnf("bundled releases not usable as reference data: %s", ex.getMessage());
        }
    }

    /** The register in force: accepted register/lookup releases, or the bundled register before any was accepted. */
    public Reference snapshot() {
        return new Reference(acceptedAreas.isEmpty() ? bundledAreas : acceptedAreas, indicators);
    }

    /** Inside the acceptance transaction: records what an accepted release adds to the register and catalogue. */
    public void record(String releaseId, Set<String> areas, Set<String> releaseIndicators, Map<String, Range> declared) {
        List<String> codes = List.copyOf(areas);
        for (int from = 0; from < codes.size(); from += 1000) {
            List<String> chunk = codes.subList(from, Math.min(codes.size(), from + 1000));
            StringBuilder sql = new StringBuilder("insert into register_area (code, release_id) values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append("(?").append(i + 2).append(", ?1)");
            }
            var q = em.createNativeQuery(sql.append(" on conflict do nothing").toString()).setParameter(1, releaseId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter(i + 2, chunk.get(i));
            }
            q.executeUpdate();
        }
        Map<String, Range> add = new HashMap<>();
        releaseIndicators.forEach(i -> add.put(i, declared.getOrDefault(i, indicators.getOrDefault(i, Range.OPEN))));
        declared.forEach(add::putIfAbsent);
        for (var e : add.entrySet()) {
            em.createNativeQuery("insert into catalogue_indicator (id, minimum, maximum, release_id) values (?1, ?2, ?3, ?4)"
                            + " on conflict (id) do update set minimum = excluded.minimum, maximum = excluded.maximum")
                    .setParameter(1, e.getKey()).setParameter(2, e.getValue().minimum())
                    .setParameter(3, e.getValue().maximum()).setParameter(4, releaseId).executeUpdate();
        }
    }

    /** After commit: the in-memory view follows the database. */
    public void committed(Set<String> areas, Set<String> releaseIndicators, Map<String, Range> declared) {
        acceptedAreas.addAll(areas);
        releaseIndicators.forEach(i -> indicators.putIfAbsent(i, Range.OPEN));
        indicators.putAll(declared);
    }

    Set<String> acceptedAreasForTest() {
        return new HashSet<>(acceptedAreas);
    }
}
