package io.resilienceradar.scoring.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * One record of the release topic, read from its binary-mode CloudEvent: the {@code ce_type} header names the
 * contract (and its schema version), the value is the contract's JSON. Anything else is a {@link PoisonRecord}.
 */
public sealed interface ReleaseMessage {
    String releaseId();

    record Opened(ReleaseOpened event) implements ReleaseMessage {
        public String releaseId() {
            return event.releaseId();
        }
    }

    record Batch(ObservationBatch event) implements ReleaseMessage {
        public String releaseId() {
            return event.releaseId();
        }
    }

    record Sealed(ReleaseSealed event) implements ReleaseMessage {
        public String releaseId() {
            return event.releaseId();
        }
    }

    static ReleaseMessage parse(Headers headers, byte[] value) {
        String specVersion = header(headers, "ce_specversion");
        String type = header(headers, "ce_type");
        if (type == null) {
            throw new PoisonRecord("missing-type", "no ce_type header");
        }
        if (specVersion != null && !"1.0".equals(specVersion)) {
            throw new PoisonRecord("unknown-specversion", "ce_specversion " + specVersion);
        }
        if (value == null || value.length == 0) {
            throw new PoisonRecord("empty-value", "record of type " + type + " has no value");
        }
        try {
            return switch (type) {
                case EventTypes.RELEASE_OPENED -> opened(Json.read(value, ReleaseOpened.class));
                case EventTypes.RELEASE_OBSERVATIONS -> batch(Json.read(value, ObservationBatch.class));
                case EventTypes.RELEASE_SEALED -> sealed(Json.read(value, ReleaseSealed.class));
                default -> throw new PoisonRecord("unknown-type", "ce_type " + type);
            };
        } catch (Json.ContractViolation e) {
            throw new PoisonRecord("undeserialisable", e.getMessage(), e);
        }
    }

    private static Opened opened(ReleaseOpened e) {
        notNull(e);
        schema(e.schemaVersion(), ReleaseOpened.SCHEMA_VERSION, "ReleaseOpened");
        var m = e.metadata();
        if (m == null || m.datasetId() == null || m.edition() == null || m.version() < 1) {
            throw new PoisonRecord("invalid-release", "ReleaseOpened needs metadata with dataset id, edition and version >= 1");
        }
        if (!m.releaseId().equals(e.releaseId())) {
            throw new PoisonRecord("invalid-release", "release id " + e.releaseId() + " does not match metadata " + m.releaseId());
        }
        return new Opened(e);
    }

    private static Batch batch(ObservationBatch e) {
        notNull(e);
        schema(e.schemaVersion(), ObservationBatch.SCHEMA_VERSION, "ObservationBatch");
        if (e.releaseId() == null || e.sequence() < 0 || e.observations() == null) {
            throw new PoisonRecord("invalid-batch", "ObservationBatch needs a release id, a sequence >= 0 and observations");
        }
        for (Observation o : e.observations()) {
            if (o == null || o.indicator() == null || o.areaCode() == null) {
                throw new PoisonRecord("invalid-batch", "observation without indicator or area in " + e.releaseId()
                        + " batch " + e.sequence());
            }
        }
        return new Batch(e);
    }

    private static Sealed sealed(ReleaseSealed e) {
        notNull(e);
        schema(e.schemaVersion(), ReleaseSealed.SCHEMA_VERSION, "ReleaseSealed");
        if (e.releaseId() == null || e.checksum() == null || e.batches() < 0 || e.observations() < 0) {
            throw new PoisonRecord("invalid-seal", "ReleaseSealed needs a release id, counts and a checksum");
        }
        return new Sealed(e);
    }

    private static void notNull(Object e) {
        if (e == null) {
            throw new PoisonRecord("undeserialisable", "JSON null");
        }
    }

    private static void schema(int actual, int known, String what) {
        if (actual != known) {
            throw new PoisonRecord("unknown-schema-version", what + " schemaVersion " + actual + " (known: " + known + ")");
        }
    }

    static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
