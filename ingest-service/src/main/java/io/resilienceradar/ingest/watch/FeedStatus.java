package io.resilienceradar.ingest.watch;

import io.resilienceradar.ingest.persistence.WatchFeedEntity;

import java.time.OffsetDateTime;

/** What the per-feed status endpoint shows. */
public record FeedStatus(String name, String baseUrl, String dataset, String edition, String interval,
                         OffsetDateTime lastChecked, OffsetDateTime lastSuccess, Integer lastVersion, String lastError,
                         int consecutiveFailures, OffsetDateTime nextCheck) {

    static FeedStatus of(String name, WatchConfig.Feed f, WatchFeedEntity s) {
        return new FeedStatus(name, f.baseUrl(), f.dataset(), f.edition(), f.interval().toString(),
                s == null ? null : s.lastChecked, s == null ? null : s.lastSuccess, s == null ? null : s.lastVersion,
                s == null ? null : s.lastError, s == null ? 0 : s.failures, s == null ? null : s.nextDue);
    }
}
