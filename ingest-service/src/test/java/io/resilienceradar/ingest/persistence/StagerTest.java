package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StagerTest {
    @TempDir
    Path dir;

    @Test
    void stagesEveryObservationInOrderWithTheContractsChecksum() throws Exception {
        ReleaseChecksum expected = new ReleaseChecksum();
        Path spool = dir.resolve("s.spool");
        Path direct = dir.resolve("d.spool");
        Stager.Result result;
        Spool.Staged writtenDirectly;
        try (Stager stager = new Stager(spool, 100); Spool.Writer writer = new Spool.Writer(direct, 100)) {
            for (int i = 0; i < 5_555; i++) { // several chunks and a partial last chunk and batch
                Observation o = Observation.of("ind_" + (i / 1000), String.format("E010%05d", i), "2021", i / 7.0);
                expected.add(o);
                stager.add(o);
                writer.add(o);
            }
            result = stager.finish();
            writtenDirectly = writer.finish();
        }
        assertThat(result.checksum()).isEqualTo(expected.hex());
        assertThat(result.staged().observations()).isEqualTo(5_555);
        assertThat(result.staged().batches()).isEqualTo(56);
        // same bytes as writing on the caller's thread: order kept across the hand-off
        assertThat(result.staged().digest()).isEqualTo(writtenDirectly.digest());
    }

    @Test
    void closingWithoutFinishingStopsTheStagingThread() throws Exception {
        Stager stager = new Stager(dir.resolve("x.spool"), 10);
        stager.add(Observation.of("a", "E01000001", "2021", 1));
        stager.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ingest-stager") && t.isAlive());
    }
}
