package io.resilienceradar.scoring.app;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.scoring.messaging.PoisonRecord;
import io.resilienceradar.scoring.messaging.ReleaseMessage;
import io.resilienceradar.scoring.persistence.AppliedLog;
import io.resilienceradar.scoring.persistence.Db;
import io.resilienceradar.scoring.persistence.Locks;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-derives all scoring state from the retained release topic: reads it from the beginning (its own consumer,
 * no group, so the service's offsets are untouched), then, in one transaction under the apply lock, forgets the
 * applied log and observations and re-applies every complete release in the order the seals were written. It
 * emits nothing: the derived profiles are the same as before (that is what the rebuild test checks), and the
 * outbox and profile revisions are publication records, not derived state.
 */
@ApplicationScoped
public class Rebuilder {
    private static final Logger LOG = Logger.getLogger(Rebuilder.class);

    public record Result(int releasesApplied, int releasesIgnored, int duplicates, int rejected, int towns,
                         long recordsRead, long millis) {
    }

    private final AgroalDataSource ds;
    private final AppliedLog log;
    private final EngineHolder holder;
    private final ReleaseApplier applier;
    private final Rulebooks rulebooks;
    private final String bootstrap;
    private final String topic;

    public Rebuilder(AgroalDataSource ds, AppliedLog log, EngineHolder holder, ReleaseApplier applier,
                     Rulebooks rulebooks, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                     @ConfigProperty(name = "mp.messaging.incoming.releases.topic") String topic) {
        this.ds = ds;
        this.log = log;
        this.holder = holder;
        this.applier = applier;
        this.rulebooks = rulebooks;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    public synchronized Result rebuild() {
        long started = System.nanoTime();
        List<ConsumerRecord<String, byte[]>> records = readTopic();
        Result result = QuarkusTransaction.requiringNew().timeout(1800).call(() -> {
            try (Connection c = ds.getConnection()) {
                Locks.applyLock(c);
                return reapply(c, records, started);
            }
        });
        LOG.infof("rebuild: %s", result);
        return result;
    }

    private Result reapply(Connection c, List<ConsumerRecord<String, byte[]>> records, long started) {
        applier.dropEngineOnRollback();
        log.clearReleases(c);
        String wanted = rulebooks.wanted();
        holder.reset();
        holder.withEngine(c, engine -> {
            if (!engine.rulebook().version().equals(wanted)) {
                engine.applyRulebook(rulebooks.load(wanted));
            }
            holder.advanced(log.addRulebook(c, wanted, 0));
            return null;
        });
        Map<String, ReleaseMetadata> opened = new HashMap<>();
        Map<String, TreeMap<Integer, List<Observation>>> batches = new HashMap<>();
        int applied = 0, ignored = 0, duplicates = 0, rejected = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            ReleaseMessage message;
            try {
                message = ReleaseMessage.parse(record.headers(), record.value());
            } catch (PoisonRecord poison) {
                rejected++;
                continue;
            }
            String id = message.releaseId();
            if (message instanceof ReleaseMessage.Opened o) {
                opened.put(id, o.event().metadata());
                batches.remove(id);
            } else if (message instanceof ReleaseMessage.Batch b) {
                batches.computeIfAbsent(id, k -> new TreeMap<>()).put(b.event().sequence(), b.event().observations());
            } else if (message instanceof ReleaseMessage.Sealed s) {
                ReleaseMetadata metadata = opened.remove(id);
                TreeMap<Integer, List<Observation>> parts = batches.remove(id);
                if (log.contains(c, id)) {
                    duplicates++;
                    continue;
                }
                if (metadata == null) {
                    rejected++;
                    continue;
                }
                List<ReleaseApplier.Batch> list = new ArrayList<>();
                if (parts != null) {
                    parts.forEach((seq, obs) -> list.add(new ReleaseApplier.Batch(seq, obs)));
                }
                List<Observation> all;
                try {
                    all = ReleaseApplier.assembleBatches(s.event(), list);
                } catch (PoisonRecord poison) {
                    rejected++;
                    continue;
                }
                ReleaseApplier.Outcome outcome = applier.apply(c, metadata, all, s.event().checksum(), false);
                if (outcome == ReleaseApplier.Outcome.APPLIED) {
                    applied++;
                } else {
                    ignored++;
                }
            }
        }
        int towns = holder.towns(c).size();
        return new Result(applied, ignored, duplicates, rejected, towns, records.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The whole topic, merged across partitions by record timestamp while keeping each partition's order (a
     * release lives in one partition, keyed by dataset id), which reproduces the order the seals were written.
     */
    List<ConsumerRecord<String, byte[]>> readTopic() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> byPartition = new TreeMap<>();
            partitions.forEach(p -> byPartition.put(p.partition(), new ArrayDeque<>()));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        byPartition.get(r.partition()).add(r);
                    }
                }
            }
            List<ConsumerRecord<String, byte[]>> merged = new ArrayList<>();
            while (true) {
                ArrayDeque<ConsumerRecord<String, byte[]>> next = null;
                for (ArrayDeque<ConsumerRecord<String, byte[]>> q : byPartition.values()) {
                    if (!q.isEmpty() && (next == null || q.peek().timestamp() < next.peek().timestamp())) {
                        next = q;
                    }
                }
                if (next == null) {
                    return merged;
                }
                merged.add(next.poll());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + topic + ": " + e.getMessage(), e);
        }
    }

    static RuntimeException wrap(java.sql.SQLException e) {
        return Db.wrap(e);
    }
}
