package io.resilienceradar.scoring.persistence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxBundleTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static OutboxStore.Row event(String town, String json) {
        return OutboxStore.Row.of("changes", town, "id-" + town, "type", town + "/A", NOW,
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void entriesRoundTripByteForByteIncludingNullsAndNonAscii() {
        List<OutboxBundle.Entry> entries = List.of(
                new OutboxBundle.Entry("E63000001", "c0ffee", "E63000001/A", "{\"townName\":\"Ynys Môn\"}".getBytes(StandardCharsets.UTF_8)),
                new OutboxBundle.Entry("E63000002", "beef", null, new byte[0]));

        List<OutboxBundle.Entry> back = OutboxBundle.decode(OutboxBundle.encode(entries));

        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(back.get(i).key()).isEqualTo(entries.get(i).key());
            assertThat(back.get(i).ceId()).isEqualTo(entries.get(i).ceId());
            assertThat(back.get(i).ceSubject()).isEqualTo(entries.get(i).ceSubject());
            assertThat(back.get(i).payload()).isEqualTo(entries.get(i).payload());
        }
    }

    @Test
    void aTruncatedOrPaddedBundleIsRejected() {
        List<OutboxBundle.Entry> one = List.of(new OutboxBundle.Entry("k", "i", "s", new byte[]{1, 2, 3}));
        for (byte[] bundle : List.of(OutboxBundle.encode(one), OutboxBundle.encodePlain(one))) {
            byte[] padded = java.util.Arrays.copyOf(bundle, bundle.length + 1);
            byte[] truncated = java.util.Arrays.copyOf(bundle, bundle.length - 1);

            assertThatThrownBy(() -> OutboxBundle.decode(padded)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> OutboxBundle.decode(truncated)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void bundlesAreStoredCompressedAndRowsWrittenBeforeThatStillDecode() {
        List<OutboxBundle.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) { // change events repeat their field names and most values
            entries.add(new OutboxBundle.Entry("E6300" + i, "id-" + i, "E6300" + i + "/rapid_change",
                    ("{\"townCode\":\"E6300" + i + "\",\"characteristic\":\"rapid_change\",\"evidenceBefore\":"
                            + "[{\"criterion\":\"population_growth\",\"value\":" + (i * 0.37) + ",\"threshold\":7.318}],"
                            + "\"evidenceAfter\":[{\"criterion\":\"population_growth\",\"value\":" + (i * 0.41)
                            + ",\"threshold\":7.318}]}").getBytes(StandardCharsets.UTF_8)));
        }
        byte[] plain = OutboxBundle.encodePlain(entries);
        byte[] stored = OutboxBundle.encode(entries);

        assertThat(stored.length).as("compressed size of %d plain bytes", plain.length).isLessThan(plain.length / 2);
        for (byte[] form : List.of(stored, plain)) {
            List<OutboxBundle.Entry> back = OutboxBundle.decode(form);
            assertThat(back).hasSize(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                assertThat(back.get(i).key()).isEqualTo(entries.get(i).key());
                assertThat(back.get(i).payload()).isEqualTo(entries.get(i).payload());
            }
        }
    }

    @Test
    void aBundleRowStandsForItsEventsInOrderUnderItsOwnId() {
        OutboxStore.Row bundle = OutboxStore.Row.bundle("release-1", List.of(event("E1", "{}"), event("E2", "[]")))
                .withId(42);

        assertThat(bundle.isBundle()).isTrue();
        assertThat(bundle.events()).extracting(OutboxStore.Row::key).containsExactly("E1", "E2");
        assertThat(bundle.events()).extracting(OutboxStore.Row::id).containsOnly(42L);
        assertThat(bundle.events()).extracting(OutboxStore.Row::ceId).containsExactly("id-E1", "id-E2");
    }

    @Test
    void aBundleOfMembershipTransitionsIsKnownAsSuchAndNoOtherRowIs() {
        List<OutboxStore.Row> events = List.of(event("E1", "{}"), event("E2", "[]"));
        OutboxStore.Row transitions = OutboxStore.Row.transitions("release-1", events).withId(7);

        assertThat(transitions.isTransitions()).isTrue();
        assertThat(transitions.events()).extracting(OutboxStore.Row::ceId).containsExactly("id-E1", "id-E2");
        assertThat(OutboxStore.Row.bundle("release-1", events).isTransitions()).isFalse();
        assertThat(event("E1", "{}").isTransitions()).isFalse();
        assertThat(transitions.events()).noneMatch(OutboxStore.Row::isTransitions);
    }

    @Test
    void aBundleHoldsOnlyEventsOfOneTopic() {
        OutboxStore.Row other = OutboxStore.Row.of("profiles", "E2", "id", "type", "E2", NOW, new byte[0]);

        assertThatThrownBy(() -> OutboxStore.Row.bundle("release-1", List.of(event("E1", "{}"), other)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bundlesOfTheNativeAndTheJavaCodecReadEachOther() {
        // a replica where the JNI codec does not load writes with the Java one: every replica must read either
        List<OutboxBundle.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new OutboxBundle.Entry("E6300" + i, "id-" + i, null,
                    ("{\"value\":" + (i * 0.37) + ",\"town\":\"E6300" + i + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        byte[] plain = OutboxBundle.encodePlain(entries);
        net.jpountz.lz4.LZ4Compressor javaCodec = net.jpountz.lz4.LZ4Factory.fastestJavaInstance().fastCompressor();
        byte[] block = javaCodec.compress(plain);
        byte[] byJava = java.nio.ByteBuffer.allocate(5 + block.length).put((byte) 'L').putInt(plain.length).put(block)
                .array();

        byte[] byService = OutboxBundle.encode(entries);
        byte[] readBack = net.jpountz.lz4.LZ4Factory.fastestJavaInstance().safeDecompressor()
                .decompress(byService, 5, byService.length - 5, plain.length);

        assertThat(OutboxBundle.decode(byJava)).extracting(OutboxBundle.Entry::key)
                .isEqualTo(entries.stream().map(OutboxBundle.Entry::key).toList());
        assertThat(readBack).as("codec %s", OutboxBundle.codec()).isEqualTo(plain);
    }
}
