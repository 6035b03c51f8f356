package io.resilienceradar.scoring.messaging;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A relay's thread: runs passes back to back while they find work, else sleeps until woken (a commit) or the idle
 * poll (rows committed by another replica). A failed pass (broker or database down) leaves its rows unsent and is
 * retried a second later.
 */
final class RelayLoop {
    private static final Logger LOG = Logger.getLogger(RelayLoop.class);

    private final String name;
    private final IntSupplier pass;
    private final Duration idlePoll;
    private final Semaphore wake = new Semaphore(0);
    /** {@link System#nanoTime()} before which a woken pass does not start ({@link #wakeUpAfter}). */
    private volatile long notBefore = System.nanoTime();
    private volatile boolean running;
    private Thread thread;

    RelayLoop(String name, IntSupplier pass, Duration idlePoll) {
        this.name = name;
        this.pass = pass;
        this.idlePoll = idlePoll;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(10_000);
        }
    }

    void wakeUp() {
        wake.release();
    }

    /** Wakes the thread once {@code delay} has passed (a later call pushes that moment back). */
    void wakeUpAfter(Duration delay) {
        notBefore = System.nanoTime() + delay.toNanos();
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                if (pass.getAsInt() == 0) {
                    wake.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    long wait;
                    while (running && (wait = notBefore - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s failed, retrying: %s", name, e.toString());
                sleep(1000);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
