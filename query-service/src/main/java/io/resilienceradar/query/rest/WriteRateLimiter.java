package io.resilienceradar.query.rest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per caller for write requests (refilled continuously to {@code radar.writes.per-minute}). In memory,
 * per instance: it protects an instance from a runaway client, not a global quota.
 */
@ApplicationScoped
public class WriteRateLimiter {
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @ConfigProperty(name = "radar.writes.per-minute")
    int perMinute;

    /** Takes one token or answers 429. */
    public void acquire(String caller) {
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(perMinute));
        if (!bucket.tryTake(perMinute)) {
            throw new ProblemException(429, "too many write requests; at most " + perMinute + " per minute");
        }
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos = System.nanoTime();

        Bucket(int capacity) {
            tokens = capacity;
        }

        synchronized boolean tryTake(int perMinute) {
            long now = System.nanoTime();
            tokens = Math.min(perMinute, tokens + (now - lastNanos) / 60e9 * perMinute);
            lastNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
