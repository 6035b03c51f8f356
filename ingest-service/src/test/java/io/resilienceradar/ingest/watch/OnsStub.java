package io.resilienceradar.ingest.watch;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP server (WireMock standalone on a random port) playing an ONS-style dataset API, and the watcher config
 * pointing three feeds at it: a healthy one, one answering 500, one serving a malformed versions document.
 */
public class OnsStub implements QuarkusTestResourceLifecycleManager {
    // the test class and this resource live in different class loaders: share through system properties
    private WireMockServer server;

    static String dataset() {
        return System.getProperty("ons.stub.dataset");
    }

    static com.github.tomakehurst.wiremock.client.WireMock client() {
        return new com.github.tomakehurst.wiremock.client.WireMock(Integer.getInteger("ons.stub.port"));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        String dataset = "wellbeing-" + UUID.randomUUID().toString().substring(0, 8);
        System.setProperty("ons.stub.dataset", dataset);
        System.setProperty("ons.stub.port", String.valueOf(server.port()));
        String base = "http://localhost:" + server.port() + "/v1";
        return Map.ofEntries(
                Map.entry("radar.watch.feeds.ons.base-url", base),
                Map.entry("radar.watch.feeds.ons.dataset", dataset),
                Map.entry("radar.watch.feeds.ons.edition", "time-series"),
                Map.entry("radar.watch.feeds.ons.interval", "1s"),
                Map.entry("radar.watch.feeds.demo.base-url", base),
                Map.entry("radar.watch.feeds.demo.dataset", dataset + "-demo"),
                Map.entry("radar.watch.feeds.demo.edition", "time-series"),
                Map.entry("radar.watch.feeds.demo.interval", "1s"),
                Map.entry("radar.watch.feeds.demo.synthetic", "true"),
                Map.entry("radar.watch.feeds.broken.base-url", base),
                Map.entry("radar.watch.feeds.broken.dataset", "broken"),
                Map.entry("radar.watch.feeds.broken.edition", "time-series"),
                Map.entry("radar.watch.feeds.broken.interval", "1s"),
                Map.entry("radar.watch.feeds.malformed.base-url", base),
                Map.entry("radar.watch.feeds.malformed.dataset", "malformed"),
                Map.entry("radar.watch.feeds.malformed.edition", "time-series"),
                Map.entry("radar.watch.feeds.malformed.interval", "1s"),
                Map.entry("radar.watch.max-backoff", "2s"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
