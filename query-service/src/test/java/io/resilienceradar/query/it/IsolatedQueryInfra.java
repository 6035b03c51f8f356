package io.resilienceradar.query.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.local.RadarInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
            for (NewTopic t : List.of(new NewTopic(PROFILES, 2, (short) 1), new NewTopic(CHANGES, 2, (short) 1),
                    new NewTopic(RULEBOOKS, 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
                    }
                } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("cannot create topic " + t.name(), e);
                }
            }
        }
        return config;
    }

    @Override
    public void stop() {
        // shared infrastructure: lives as long as the test JVM (see RadarInfra)
    }
}
