package io.resilienceradar.contracts.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum a sealed release carries: SHA-256 over one canonical line per observation,
 * {@code indicator|area|period|value|status|text\n}, in the order the batches carry them.
 * Producer and consumer compute it the same way, so a lost or altered batch is detected.
 */
public final class ReleaseChecksum {
    private final MessageDigest digest;
    private long count;

    public ReleaseChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public ReleaseChecksum add(Observation o) {
        String line = o.indicator() + '|' + o.areaCode() + '|' + o.period() + '|'
                + (o.value() == null ? "" : Double.toString(o.value())) + '|'
                + (o.status() == null ? "" : o.status()) + '|'
                + (o.text() == null ? "" : o.text()) + '\n';
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        count++;
        return this;
    }

    public long count() {
        return count;
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
