package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ObservationBatch;
import io.resilienceradar.ingest.messaging.BatchJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {
    @TempDir
    Path dir;

    private static List<Observation> observations() {
        List<Observation> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            all.add(Observation.of("share_65_plus", String.format("E630%05d", i), "2021-01-01/P1Y", i * 1.1 + 1e-7));
        }
        all.add(new Observation("pop", "E63000001", "2021", null, "..", null));
        all.add(new Observation("name", "E63000002", "2022", null, null, "Town \"2\" – Ynys Môn\\\n"));
        all.add(new Observation("big", "E63000003", "2022", 1.0E21, "*", null));
        all.add(Observation.of("neg", "E63000004", "2022", -0.0));
        all.add(new Observation("indicateur_é", "E63000005", "2021\"q", null, "x", "tab\tctl\u0001 slash/ del\u007f 𝄞 \u2028"));
        all.add(new Observation("indicateur_é", "E63000006", "2021\"q", 3.0E-5, null, null));
        return all;
    }

    private static Spool.Staged write(Path file, int inlineLimit) throws Exception {
        try (Spool.Writer w = new Spool.Writer(file, 10, null, inlineLimit)) {
            for (Observation o : observations()) {
                w.add(o);
            }
            return w.finish();
        }
    }

    @Test
    void framesWithTheirEnvelopeAreExactlyTheContractsObservationBatchJson() throws Exception {
        Path file = dir.resolve("a.spool");
        List<Observation> all = observations();
        Spool.Staged staged = write(file, 0);
        assertThat(staged.batches()).isEqualTo(3);
        assertThat(staged.observations()).isEqualTo(all.size());
        String releaseId = "wellbeing/\"2021\"/ü/3";
        try (Spool.Reader r = new Spool.Reader(file)) {
            Spool.Frame f;
            int seq = 0;
            while ((f = r.next()) != null) {
                BatchJson.Envelope e = BatchJson.envelope(releaseId, seq, f.length());
                r.read(e.value(), e.arrayOffset(), f.length());
                List<Observation> expected = all.subList(seq * 10, Math.min(all.size(), seq * 10 + 10));
                assertThat(f.observations()).isEqualTo(expected.size());
                assertThat(new String(e.value(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(new String(Json.write(new ObservationBatch(releaseId, seq, expected)),
                                java.nio.charset.StandardCharsets.UTF_8));
                seq++;
            }
            assertThat(seq).isEqualTo(3);
            assertThat(r.digest()).isEqualTo(staged.digest());
        }
    }

    @Test
    void aChangedByteChangesTheDigestTheRelayChecks() throws Exception {
        Path file = dir.resolve("b.spool");
        Spool.Staged staged = write(file, 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(100);
            int b = raf.read();
            raf.seek(100);
            raf.write(b ^ 1);
        }
        try (Spool.Reader r = new Spool.Reader(file)) {
            Spool.Frame f;
            while ((f = r.next()) != null) {
                r.read(new byte[f.length()], 0, f.length());
            }
            assertThat(r.digest()).isNotEqualTo(staged.digest());
        }
    }

    @Test
    void aReleaseWithinTheInlineLimitStaysInMemoryWithTheBytesAndDigestOfItsSpoolFile() throws Exception {
        Path file = dir.resolve("c.spool");
        Path inlineFile = dir.resolve("d.spool");
        Spool.Staged inFile = write(file, 0);
        Spool.Staged inline = write(inlineFile, 1 << 20);

        assertThat(inFile.isInline()).isFalse();
        assertThat(inline.isInline()).isTrue();
        assertThat(inlineFile).doesNotExist(); // nothing to fsync: the release row will hold the bytes
        assertThat(inline.inline()).isEqualTo(Files.readAllBytes(file));
        assertThat(inline.digest()).isEqualTo(inFile.digest());
        assertThat(inline.batches()).isEqualTo(inFile.batches());
        Spool.Location where = Spool.Location.of(inlineFile, inline);
        assertThat(where.file()).isNull();
        try (Spool.Reader r = where.open()) {
            int frames = 0;
            for (Spool.Frame f = r.next(); f != null; f = r.next()) {
                r.read(new byte[f.length()], 0, f.length());
                frames++;
            }
            assertThat(frames).isEqualTo(3);
            assertThat(r.digest()).isEqualTo(inFile.digest());
        }
    }

    @Test
    void pastTheInlineLimitTheWholeContentGoesToTheFile() throws Exception {
        Path file = dir.resolve("e.spool");
        Path spilled = dir.resolve("f.spool");
        write(file, 0);
        Spool.Staged staged = write(spilled, 100); // the content is ~2.5 KB

        assertThat(staged.isInline()).isFalse();
        assertThat(Files.readAllBytes(spilled)).isEqualTo(Files.readAllBytes(file));
        assertThat(Spool.Location.of(spilled, staged).file()).isEqualTo(spilled);
    }

    @Test
    void aSpoolOfAnotherLayoutIsRefused() throws Exception {
        Path file = dir.resolve("old.spool");
        Files.write(file, new byte[]{0, 5, 'h', 'e', 'l', 'l', 'o', 0, 1});
        assertThatThrownBy(() -> new Spool.Reader(file)).isInstanceOf(Spool.Damaged.class);
    }
}
