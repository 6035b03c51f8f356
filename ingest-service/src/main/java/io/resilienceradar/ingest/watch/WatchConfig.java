package io.resilienceradar.ingest.watch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** {@code radar.watch.feeds.<name>.base-url / .dataset / .edition / .interval / .kind / .synthetic}: ONS-style dataset APIs to poll. */
@ConfigMapping(prefix = "radar.watch")
public interface WatchConfig {
    Map<String, Feed> feeds();

    /** How often the watcher looks for due feeds. */
    @WithDefault("1s")
    Duration tick();

    /** Upper bound of the error backoff. */
    @WithDefault("30m")
    Duration maxBackoff();

    interface Feed {
        /** e.g. https://api.beta.ons.gov.uk/v1 */
        String baseUrl();

        String dataset();

        String edition();

        @WithDefault("1h")
        Duration interval();

        @WithDefault("observations")
        String kind();

        /**
         * The feed serves synthetic (made-up) versions, e.g. a demonstration API: every release it yields is marked
         * synthetic in its metadata, whatever the version document says.
         */
        @WithDefault("false")
        boolean synthetic();
    }
}
