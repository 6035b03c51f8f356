package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.local.ServiceProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the packaged service in one consumer group on one database: releases of several datasets (so
 * several partitions, so both replicas apply some) are each applied once, published once, and both replicas' engines
 * end in the same state.
 */
class ScaleOutIT {
    private final ChildService child = new ChildService("scale");
    private final List<ServiceProcess> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(ServiceProcess::close);
    }

    @Test
    void twoReplicasApplyEachReleaseOnceAndAgree() throws Exception {
        child.createTopics();
        replicas.add(child.start("replica-a", "none", true));
        replicas.add(child.start("replica-b", "none", true));
        List<String> ids = new ArrayList<>();
        try (ReleaseSender sender = new ReleaseSender(child.infra.bootstrapServers(), child.releases)) {
            Scenario.ensureRegister(sender);
            for (int i = 0; i < 6; i++) {
                ids.add(Scenario.gain(sender, "scale" + i).release().releaseId());
            }
        }
        ServiceProcess a = replicas.get(0);
        ServiceProcess b = replicas.get(1);
        await().atMost(Duration.ofSeconds(120)).until(() -> applied(a).containsAll(ids));
        assertThat(applied(a)).doesNotHaveDuplicates();
        // the log is shared: both see every release once; each engine caught up with the other's applies
        assertThat(ChildService.get(b, "/towns")).isEqualTo(ChildService.get(a, "/towns"));

        Map<String, Integer> expected = ChildService.releasesApplied(a).stream()
                .filter(m -> ids.contains(m.get("releaseId")))
                .collect(Collectors.toMap(m -> (String) m.get("releaseId"), m -> ((Number) m.get("changes")).intValue()));
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        try (TopicReader reader = new TopicReader(child.infra.bootstrapServers(), child.changes)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> ours(reader.poll(), ids).size() >= total);
            List<ConsumerRecord<String, byte[]>> records = ours(reader.poll(), ids);
            assertThat(records).hasSize(total);
            assertThat(records.stream().map(r -> TopicReader.header(r, "ce_id"))).doesNotHaveDuplicates();
        }
    }

    private static List<String> applied(ServiceProcess p) throws Exception {
        return ChildService.releasesApplied(p).stream().map(m -> (String) m.get("releaseId")).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> ours(List<ConsumerRecord<String, byte[]>> records, List<String> ids) {
        return records.stream().filter(r -> Json.read(r.value(), CharacteristicChanged.class).causedBy().stream()
                .anyMatch(ids::contains)).toList();
    }
}
