package io.resilienceradar.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LongKeySetTest {
    @Test
    void behavesLikeASetOfLongsAcrossGrowth() {
        LongKeySet set = new LongKeySet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long k = 1 + random.nextInt(100_000);
            assertThat(set.add(k)).isEqualTo(reference.add(k));
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }
}
