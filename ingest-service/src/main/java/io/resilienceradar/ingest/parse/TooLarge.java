package io.resilienceradar.ingest.parse;

import java.io.IOException;

/** The (decompressed) release is larger than the configured limit: answered with 413. */
public class TooLarge extends IOException {
    public final long limit;

    public TooLarge(long limit) {
        super("release larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }
}
