package io.resilienceradar.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GssIdsTest {
    @Test
    void numbersOnlyForGssShapedCodesAndTheSameFromCharsAsFromAString() {
        for (String ok : new String[]{"E01000001", "W06000015", "S12000033", "N09000001", "K04000001", "E99999999"}) {
            char[] buf = ("xx" + ok + "yy").toCharArray();
            assertThat(GssIds.number(ok)).isNotNegative().isEqualTo(GssIds.number(buf, 2, 9));
        }
        for (String bad : new String[]{"", "E0100000", "E010000011", "X01000001", "e01000001", "E0100000A", "E01 00001",
                "E0100000\u0661"}) {
            char[] buf = bad.toCharArray();
            assertThat(GssIds.number(bad)).as(bad).isEqualTo(-1);
            assertThat(GssIds.number(buf, 0, buf.length)).as(bad).isEqualTo(-1);
        }
        assertThat(GssIds.number("E01000001")).isNotEqualTo(GssIds.number("W01000001"));
    }

    @Test
    void denseIdsInFirstSeenOrderAgreeWithAMapThroughGrowth() {
        GssIds ids = new GssIds();
        Map<Integer, Integer> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // runs of consecutive codes (as releases list them) and random ones
            int n = i % 3 == 0 ? random.nextInt(500_000_000) : 6_000_000 + (i % 50_000);
            Integer want = expected.computeIfAbsent(n, k -> expected.size() + 1);
            assertThat(ids.id(n)).isEqualTo(want);
        }
        assertThat(ids.size()).isEqualTo(expected.size());
        expected.forEach((n, id) -> assertThat(ids.find(n)).isEqualTo(id));
        assertThat(ids.find(499_999_999 + 1)).isZero();
    }
}
