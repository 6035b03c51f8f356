package io.resilienceradar.ingest.service;

import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * Wall time of each phase of one publish, between the upload reaching {@link IngestService} and its answer, logged
 * as one DEBUG line ({@code answer phases <release>: open=.. stage=.. ... total=..}, ms) that the end-to-end
 * benchmark reads back to split ingest's answer time. Off (nothing formatted) unless the category logs DEBUG.
 */
final class AnswerPhases {
    private static final Logger LOG = Logger.getLogger(AnswerPhases.class);

    private final boolean on = LOG.isDebugEnabled();
    private final long start = on ? System.nanoTime() : 0;
    private final StringBuilder line = on ? new StringBuilder() : null;
    private long last = start;

    void mark(String phase) {
        if (on) {
            long now = System.nanoTime();
            line.append(' ').append(phase).append('=').append(ms(now - last));
            last = now;
        }
    }

    void log(String releaseId) {
        if (on) {
            LOG.debugf("answer phases %s:%s total=%s", releaseId, line, ms(System.nanoTime() - start));
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
