package io.resilienceradar.system;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Waits until the running system is at rest: every consumer group of the services has consumed every record on
 * every partition it reads (committed offset at the end, or only transaction markers / aborted records left
 * between them, which a read_committed consumer never hands over), scoring-service's outbox has nothing unsent,
 * and both stay so for {@code hold}. Observed from outside (Kafka AdminClient, scoring's database); the services
 * must commit offsets promptly for this to be tight (the benchmark sets {@code kafka.auto.commit.interval.ms}).
 */
final class AtRest implements AutoCloseable {
    private static final Duration CHECK = Duration.ofMillis(25);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final Connection scoringDb;
    /** (partition, from, to) ranges already seen to hold no committed record. */
    private final Set<String> onlyMarkers = new HashSet<>();
    private boolean outboxVisible = true;

    AtRest(RunningSystem system) throws SQLException {
        String bootstrap = system.infra.bootstrapServers();
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        probe = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        scoringDb = DriverManager.getConnection(system.infra.jdbcUrl("scoring"), system.infra.dbUser(), system.infra.dbPassword());
    }

    /** Blocks until the system is at rest and has stayed so for {@code hold}; returns how long it waited. */
    Duration await(Duration hold, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long restSince = -1;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (!atRest()) {
                restSince = -1;
            } else if (restSince < 0) {
                restSince = now;
            } else if (now - restSince >= hold.toNanos()) {
                return Duration.ofNanos(now - start);
            }
            Thread.sleep(CHECK.toMillis());
        }
        throw new AssertionError("the system did not come to rest within " + timeout);
    }

    private boolean atRest() throws Exception {
        return outboxEmpty() && groupsCaughtUp();
    }

    private boolean groupsCaughtUp() throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> committed = new HashMap<>(); // lowest committed offset over the groups
        for (GroupListing g : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    committed.merge(tp, om.offset(), Math::min);
                }
            });
        }
        if (committed.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = admin.listOffsets(
                        committed.keySet().stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        for (Map.Entry<TopicPartition, Long> c : committed.entrySet()) {
            long end = ends.get(c.getKey());
            if (c.getValue() < end && !nothingToRead(c.getKey(), c.getValue(), end)) {
                return false;
            }
        }
        return true;
    }

    /** True when a read_committed consumer finds no record in [from, to): only markers or aborted records. */
    private boolean nothingToRead(TopicPartition tp, long from, long to) {
        String key = tp + "@" + from + "-" + to;
        if (onlyMarkers.contains(key)) {
            return true;
        }
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        for (int i = 0; i < 20 && probe.position(tp) < to; i++) {
            if (!probe.poll(Duration.ofMillis(20)).isEmpty()) {
                return false;
            }
        }
        if (probe.position(tp) >= to) {
            onlyMarkers.add(key);
            return true;
        }
        return false;
    }

    /** Nothing unsent in scoring-service's outbox (when its schema can be read; otherwise Kafka alone decides). */
    private boolean outboxEmpty() {
        if (!outboxVisible) {
            return true;
        }
        try (Statement s = scoringDb.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL)")) {
            rs.next();
            return !rs.getBoolean(1);
        } catch (SQLException e) {
            outboxVisible = false;
            System.out.println("[bench] scoring's outbox not readable, at rest judged by Kafka alone: " + e.getMessage());
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        probe.close();
        admin.close();
        scoringDb.close();
    }
}
