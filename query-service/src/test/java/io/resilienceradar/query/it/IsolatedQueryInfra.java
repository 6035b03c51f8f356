package io.resilienceradar.query.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.resilienceradar.contracts.TopicSpec;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.local.LocalKafka;
import io.resilienceradar.local.RadarInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same real broker and database server as the other tests, but a database, topics and consumer group of its
 * own, for tests whose assertions are about all towns (e.g. the coverage report): nothing another test class
 * publishes reaches it, and nothing it publishes reaches them.
 */
public class IsolatedQueryInfra implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = ".isolated";
    static final String PROFILES = Topics.TOWN_PROFILES + SUFFIX;
    static final String CHANGES = Topics.CHARACTERISTIC_CHANGES + SUFFIX;
    static final String RULEBOOKS = Topics.RULEBOOKS + SUFFIX;

    /** Use with {@code @TestProfile(IsolatedQueryInfra.Profile.class)}: only this resource, no global ones. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IsolatedQueryInfra.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Override
    public Map<String, String> start() {
        RadarInfra infra = RadarInfra.shared();
        Map<String, String> config = new HashMap<>(infra.serviceConfig("query_isolated"));
        config.put("quarkus.devservices.enabled", "false");
        config.put("radar.consumer-group", "query-service-isolated");
        config.put("mp.messaging.incoming.town-profiles.topic", PROFILES);
        config.put("mp.messaging.incoming.characteristic-changes.topic", CHANGES);
        config.put("mp.messaging.incoming.rulebooks.topic", RULEBOOKS);
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers()))) {
            LocalKafka.createTopics(admin, consumedTopics(SUFFIX));
        }
        return config;
    }

    /** The contract's specs (partitions, retention, compaction) of the three topics query-service reads, renamed. */
    static List<TopicSpec> consumedTopics(String suffix) {
        List<String> consumed = List.of(Topics.TOWN_PROFILES, Topics.CHARACTERISTIC_CHANGES, Topics.RULEBOOKS);
        return TopicSpec.ALL.stream().filter(s -> consumed.contains(s.name()))
                .map(s -> new TopicSpec(s.name() + suffix, s.partitions(), s.key(), s.configs())).toList();
    }

    @Override
    public void stop() {
        // shared infrastructure: lives as long as the test JVM (see RadarInfra)
    }
}
