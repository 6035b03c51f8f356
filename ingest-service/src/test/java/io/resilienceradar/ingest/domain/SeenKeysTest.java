package io.resilienceradar.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeenKeysTest {
    @Test
    void aGridStaysInBitmapsAndFindsEveryDuplicate() {
        SeenKeys seen = new SeenKeys();
        for (int i = 1; i <= 20; i++) {
            for (int a = 1; a <= 5000; a++) {
                assertThat(seen.add(i, 1, a)).isTrue();
            }
        }
        assertThat(seen.add(7, 1, 4321)).isFalse();
        assertThat(seen.add(7, 2, 4321)).isTrue();
        assertThat(seen.size()).isEqualTo(100_001);
        assertThat(seen.sparse()).isFalse();
    }

    @Test
    void behavesLikeASetWhenSparseKeysForceTheHashSet() {
        SeenKeys seen = new SeenKeys();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            int indicator = 1 + random.nextInt(3000);
            int period = 1 + random.nextInt(5);
            int area = 1 + random.nextInt(2_000_000);
            long key = ((long) indicator << 48) | ((long) period << 32) | area;
            assertThat(seen.add(indicator, period, area)).isEqualTo(reference.add(key));
        }
        assertThat(seen.sparse()).isTrue();
        assertThat(seen.size()).isEqualTo(reference.size());
    }
}
