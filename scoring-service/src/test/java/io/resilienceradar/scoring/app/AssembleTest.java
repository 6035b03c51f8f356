package io.resilienceradar.scoring.app;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.contracts.events.ReleaseSealed;
import io.resilienceradar.scoring.messaging.PoisonRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssembleTest {
    private static final Observation A = Observation.of("x", "E63000001", "2021", 1.5);
    private static final Observation B = new Observation("x", "E63000002", "2021", null, "..", null);

    private static String checksum(Observation... os) {
        ReleaseChecksum c = new ReleaseChecksum();
        for (Observation o : os) {
            c.add(o);
        }
        return c.hex();
    }

    private static List<ReleaseApplier.Batch> twoBatches() {
        return List.of(new ReleaseApplier.Batch(0, List.of(A)), new ReleaseApplier.Batch(1, List.of(B)));
    }

    @Test
    void completeReleaseAssemblesInBatchOrder() {
        var seal = new ReleaseSealed("ds/e/1", 2, 2, checksum(A, B));
        assertThat(ReleaseApplier.assembleBatches(seal, twoBatches())).containsExactly(A, B);
    }

    @Test
    void missingBatchIsRejected() {
        var seal = new ReleaseSealed("ds/e/1", 2, 2, checksum(A, B));
        assertThatThrownBy(() -> ReleaseApplier.assembleBatches(seal, List.of(new ReleaseApplier.Batch(1, List.of(B)),
                new ReleaseApplier.Batch(2, List.of(A)))))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("batch-count-mismatch");
        assertThatThrownBy(() -> ReleaseApplier.assembleBatches(seal, twoBatches().subList(0, 1)))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("batch-count-mismatch");
    }

    @Test
    void wrongCountOrChecksumIsRejected() {
        assertThatThrownBy(() -> ReleaseApplier.assembleBatches(new ReleaseSealed("ds/e/1", 2, 3, checksum(A, B)),
                twoBatches())).isInstanceOf(PoisonRecord.class).extracting("reason")
                .isEqualTo("observation-count-mismatch");
        assertThatThrownBy(() -> ReleaseApplier.assembleBatches(new ReleaseSealed("ds/e/1", 2, 2, checksum(B, A)),
                twoBatches())).isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("checksum-mismatch");
    }

    @Test
    void aReleaseSealedInTheLegacyValueFormIsStillAccepted() {
        // Java 17's Double.toString writes 2.0000000000000002E23 here, the canonical (shortest) form 2.0E23
        Observation c = Observation.of("x", "E63000003", "2021", 2.0E23);
        ReleaseChecksum legacy = ReleaseChecksum.legacy().add(A).add(c);
        org.junit.jupiter.api.Assumptions.assumeTrue(!legacy.hex().equals(checksum(A, c)), "forms agree on this JDK");
        var batches = List.of(new ReleaseApplier.Batch(0, List.of(A)), new ReleaseApplier.Batch(1, List.of(c)));
        assertThat(ReleaseApplier.assembleBatches(new ReleaseSealed("ds/e/1", 2, 2, legacy.hex()), batches))
                .containsExactly(A, c);
        String otherLegacy = ReleaseChecksum.legacy().add(c).add(A).hex();
        assertThatThrownBy(() -> ReleaseApplier.assembleBatches(new ReleaseSealed("ds/e/1", 2, 2, otherLegacy), batches))
                .isInstanceOf(PoisonRecord.class).extracting("reason").isEqualTo("checksum-mismatch");
    }

    @Test
    void eventIdsAreStablePerCauseTownAndCharacteristic() {
        assertThat(EventFactory.changeEventId("ds/e/1", "E63000001", "A"))
                .isEqualTo(EventFactory.changeEventId("ds/e/1", "E63000001", "A"))
                .isNotEqualTo(EventFactory.changeEventId("ds/e/2", "E63000001", "A"))
                .isNotEqualTo(EventFactory.changeEventId("ds/e/1", "E63000001", "B"));
    }
}
