package io.resilienceradar.scoring.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Crash points for the fault-injection tests ({@code radar.fault.halt-at}): the JVM halts like {@code kill -9}
 * (no shutdown hooks, no offset commit, no relay flush) exactly at the named point.
 */
@ApplicationScoped
public class FaultInjection {
    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    /** After a release's transaction committed, before its outbox rows are published and its offset committed. */
    public static final String AFTER_APPLY_COMMIT = "after-apply-commit";
    /**
     * After the broker acked a relayed batch, before the outbox rows are marked sent: both relays (events and
     * profiles) stop there, and the JVM halts once both have, so that both kinds are re-sent after the restart.
     */
    public static final String AFTER_PUBLISH = "after-publish";

    private final String haltAt;
    private final java.util.Set<String> published = new java.util.HashSet<>();

    public FaultInjection(@ConfigProperty(name = "radar.fault.halt-at", defaultValue = "none") String haltAt) {
        this.haltAt = haltAt;
    }

    public boolean armed(String point) {
        return point.equals(haltAt);
    }

    public void haltIf(String point) {
        if (armed(point)) {
            halt(point);
        }
    }

    /**
     * A relay ({@code events} or {@code profiles}) has its batch acked and not yet marked. Armed at
     * {@link #AFTER_PUBLISH}, the relay never marks it: it waits here until the other relay got as far, then the JVM
     * halts.
     */
    public void publishedUnmarked(String relay) throws InterruptedException {
        if (!armed(AFTER_PUBLISH)) {
            return;
        }
        synchronized (this) {
            published.add(relay);
            LOG.infof("fault injection: %s relay published, waiting for both relays", relay);
            if (published.size() == 2) {
                halt(AFTER_PUBLISH);
            }
            while (true) {
                wait();
            }
        }
    }

    private static void halt(String point) {
        LOG.errorf("fault injection: halting at %s", point);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
