package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import io.resilienceradar.ingest.messaging.BatchJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockChecksumTest {
    @Test
    void sameDigestAsTheContractsChecksumAcrossBlocksAndNonAsciiText() {
        ReleaseChecksum expected = new ReleaseChecksum();
        BlockChecksum blocks = new BlockChecksum();
        for (int i = 0; i < 20_000; i++) { // ~1 MB of lines: many 64 KB blocks
            Observation o = switch (i % 5) {
                case 4 -> new Observation("indicateur_é", String.format("S010%05d", i), "2021\"q", null, "x", "ctl\u0001 𝄞 " + i);
                case 0 -> Observation.of("ind_" + (i / 1000), String.format("E010%05d", i), "2021", i / 7.0);
                case 1 -> new Observation("name", String.format("W010%05d", i), "2019-20", null, null, "Ynys Môn 𝄞 " + i);
                case 2 -> new Observation("pop", "E63000001", "2021", null, "..", null);
                default -> new Observation("big", "E63000003", "2022", i * 1.0E21, "*", null);
            };
            expected.add(o);
            blocks.add(o, BatchJson.valueText(o));
        }
        assertThat(blocks.hex()).isEqualTo(expected.hex());
    }
}
