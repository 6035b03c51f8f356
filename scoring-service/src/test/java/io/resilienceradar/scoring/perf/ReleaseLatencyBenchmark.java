package io.resilienceradar.scoring.perf;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Observation;
import io.resilienceradar.contracts.events.ReleaseMetadata;
import io.resilienceradar.local.RadarInfraResource;
import io.resilienceradar.scoring.it.BenchData;
import io.resilienceradar.scoring.it.ReleaseSender;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark, not a test (skipped unless {@code -Dradar.bench=true}): time from the acked sealing record of a
 * one-indicator release for every town to the last of its change events on Kafka, over 100 releases; and the whole
 * bundled data applied from an empty state. Numbers go to docs/benchmarks-scoring.md.
 * <pre>./mvnw -q -pl scoring-service test -Dtest=ReleaseLatencyBenchmark -Dradar.bench=true</pre>
 */
@QuarkusTest
@QuarkusTestResource(value = RadarInfraResource.class, initArgs = @ResourceArg(name = "database", value = "scoring_bench"))
@EnabledIfSystemProperty(named = "radar.bench", matches = "true")
class ReleaseLatencyBenchmark {
    private static final int RELEASES = Integer.getInteger("radar.bench.releases", 100);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void sealToLastChangeEvent() throws Exception {
        try (ReleaseSender sender = new ReleaseSender(bootstrap);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            long loadStart = System.nanoTime();
            List<String> loaded = BenchData.loadBaseline(sender);
            await().atMost(Duration.ofMinutes(10)).until(() -> appliedIds().containsAll(loaded));
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            List<String> towns = RestAssured.get("/towns").jsonPath().getList("townCode");

            List<TopicPartition> parts = consumer.partitionsFor(Topics.CHARACTERISTIC_CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);

            Random random = new Random(42);
            long[] latenciesMicros = new long[RELEASES];
            int[] events = new int[RELEASES];
            for (int i = 0; i < RELEASES; i++) {
                ReleaseMetadata m = ReleaseSender.metadata(BenchData.BENCH_DATASET, "bench", i + 1,
                        ReleaseMetadata.KIND_OBSERVATIONS, false);
                List<Observation> obs = new ArrayList<>();
                for (String town : towns) {
                    obs.add(BenchData.observation(town, random));
                }
                ReleaseSender.Parts p = sender.sendUnsealed(m, obs, 1000);
                long sealed = System.nanoTime();
                sender.sealed(m.datasetId(), new io.resilienceradar.contracts.events.ReleaseSealed(m.releaseId(),
                        p.batches(), p.observations(), p.checksum()));
                long lastEvent = sealed;
                int expected = -1;
                int seen = 0;
                while (expected < 0 || seen < expected) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        if (Json.read(r.value(), CharacteristicChanged.class).causedBy().contains(m.releaseId())) {
                            seen++;
                            lastEvent = System.nanoTime();
                        }
                    }
                    if (expected < 0) {
                        expected = changesOf(m.releaseId());
                    }
                }
                latenciesMicros[i] = (lastEvent - sealed) / 1000;
                events[i] = seen;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            System.out.printf("BENCH baseline load (%d releases) from empty: %.1f s%n", loaded.size(), loadSeconds);
            System.out.printf("BENCH towns=%d releases=%d events/release median=%d p50=%.1f ms p95=%.1f ms max=%.1f ms%n",
                    towns.size(), RELEASES, Arrays.stream(events).sorted().toArray()[RELEASES / 2],
                    sorted[RELEASES / 2] / 1000.0, sorted[(int) Math.ceil(RELEASES * 0.95) - 1] / 1000.0,
                    sorted[RELEASES - 1] / 1000.0);
        }
    }

    private static List<String> appliedIds() {
        return RestAssured.get("/releases").jsonPath().getList("releaseId");
    }

    /** The change count the service recorded for the release, or -1 while it is not applied yet. */
    private static int changesOf(String releaseId) {
        Integer n = RestAssured.get("/releases").jsonPath()
                .get("find { it.releaseId == '" + releaseId + "' }.changes");
        return n == null ? -1 : n;
    }
}
