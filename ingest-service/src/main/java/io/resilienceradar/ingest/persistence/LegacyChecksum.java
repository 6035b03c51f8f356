package io.resilienceradar.ingest.persistence;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseChecksum;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The checksum a staged release would have had in the legacy value form ({@code ReleaseChecksum.legacy()}: Java 17's
 * {@code Double.toString}). A release accepted before the canonical form changed carries such a checksum, so posting
 * the same content again must still be recognised as identical (200), not as different content (409). Read from the
 * spool only on a checksum mismatch, never on the usual path.
 */
public final class LegacyChecksum {
    private LegacyChecksum() {
    }

    public static String of(Spool.Location staged) {
        ReleaseChecksum legacy = ReleaseChecksum.legacy();
        try (Spool.Reader in = staged.open()) {
            for (Spool.Frame f = in.next(); f != null; f = in.next()) {
                byte[] array = new byte[f.length()];
                in.read(array, 0, array.length);
                for (Observation o : Json.read(array, Observation[].class)) {
                    legacy.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return legacy.hex();
    }
}
