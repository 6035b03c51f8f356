package io.resilienceradar.scoring.messaging;

/** A record (or a sealed release) that can never be applied: it goes to the dead-letter topic with {@link #reason()}. */
public class PoisonRecord extends RuntimeException {
    private final String reason;

    public PoisonRecord(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public PoisonRecord(String reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    /** Short machine-readable reason, e.g. {@code checksum-mismatch}; the message adds the detail. */
    public String reason() {
        return reason;
    }
}
