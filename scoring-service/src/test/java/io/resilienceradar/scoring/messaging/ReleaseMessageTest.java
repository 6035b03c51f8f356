package io.resilienceradar.scoring.messaging;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.contracts.events.ReleaseOpened;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.scoring.it.ReleaseSender;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseMessageTest {

    private static RecordHeaders headers(String type) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            h.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void readsEachContractByItsCloudEventType() {
        var meta = ReleaseSender.metadata("ds", "2021", 1, "observations", false);
        assertThat(ReleaseMessage.parse(headers(EventTypes.RELEASE_OPENED), Json.write(new ReleaseOpened(meta))))
                .isInstanceOf(ReleaseMessage.Opened.class).extracting(ReleaseMessage::releaseId).isEqualTo("ds/2021/1");
        var batch = new ObservationBatch("ds/2021/1", 0, List.of(Observation.of("x", "E63000001", "2021", 1)));
        assertThat(ReleaseMessage.parse(headers(EventTypes.RELEASE_OBSERVATIONS), Json.write(batch)))
                .isInstanceOf(ReleaseMessage.Batch.class);
        assertThat(ReleaseMessage.parse(headers(EventTypes.RELEASE_SEALED),
                Json.write(new ReleaseSealed("ds/2021/1", 1, 1, "ab")))).isInstanceOf(ReleaseMessage.Sealed.class);
    }

    @Test
    void undeserialisableValueIsPoison() {
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(EventTypes.RELEASE_SEALED), "{not json".getBytes()))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("undeserialisable");
    }

    @Test
    void jsonNullIsPoison() {
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(EventTypes.RELEASE_OPENED), "null".getBytes()))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("undeserialisable");
    }

    @Test
    void unknownTypeOrMissingTypeIsPoison() {
        assertThatThrownBy(() -> ReleaseMessage.parse(headers("io.resilienceradar.release.sealed.v2"), "{}".getBytes()))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("unknown-type");
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(null), "{}".getBytes()))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("missing-type");
    }

    @Test
    void unknownSchemaVersionIsPoison() {
        byte[] v2 = Json.write(new ReleaseSealed(2, "ds/2021/1", 1, 1, "ab"));
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(EventTypes.RELEASE_SEALED), v2))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("unknown-schema-version");
    }

    @Test
    void openedWhoseIdDoesNotMatchItsMetadataIsPoison() {
        var meta = ReleaseSender.metadata("ds", "2021", 1, "observations", false);
        byte[] value = Json.write(new ReleaseOpened(1, "other/2021/1", meta));
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(EventTypes.RELEASE_OPENED), value))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("invalid-release");
    }

    @Test
    void observationWithoutAreaIsPoison() {
        var batch = new ObservationBatch("ds/2021/1", 0, List.of(new Observation("x", null, "2021", 1.0, null, null)));
        assertThatThrownBy(() -> ReleaseMessage.parse(headers(EventTypes.RELEASE_OBSERVATIONS), Json.write(batch)))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("invalid-batch");
    }
}
