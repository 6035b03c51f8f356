package io.resilienceradar.scoring.it;

import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.Transition;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deploying a new rulebook version (the packaged service restarted with {@code RADAR_RULEBOOK_VERSION} and a rulebook
 * file beside it) rescores every town and emits the changes attributed to the rulebook version, not to a release.
 */
class RulebookChangeIT extends WithChildService {
    RulebookChangeIT() {
        super("rulebook");
    }

    @Test
    void aNewRulebookVersionRescoresEveryTownAndAttributesTheChangesToIt() throws Exception {
        child.createTopics();
        service = child.start("v1", "none", true);
        Scenario.Case gained;
        try (ReleaseSender sender = new ReleaseSender(child.infra.bootstrapServers(), child.releases)) {
            Scenario.ensureRegister(sender);
            gained = Scenario.gain(sender, "rulebook");
        }
        String id = gained.release().releaseId();
        await().atMost(Duration.ofSeconds(90)).until(() -> ChildService.releasesApplied(service).stream()
                .anyMatch(m -> id.equals(m.get("releaseId"))));
        service.close();

        // version 2: J1 needs the top 0.1% of inactivity (one town in a thousand), so J becomes partial for the town
        String v1;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("rulebook/rulebook.yaml")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String version1 = io.resilienceradar.scoring.domain.Rulebook.bundled().version();
        String v2 = v1.replace("version: \"" + version1 + "\"", "version: \"it-2\"")
                .replace("{id: J1, label: High economic inactivity, indicator: inactive_pct, compare: above_mean}",
                        "{id: J1, label: High economic inactivity, indicator: inactive_pct, compare: above_value, value: 95}");
        assertThat(v2).contains("\"it-2\"", "value: 95");
        Path dir = Files.createTempDirectory("rulebooks");
        Files.writeString(dir.resolve("rulebook-it-2.yaml"), v2);
        service = child.start("v2", "none", true, Map.of("radar.rulebook.version", "it-2",
                "radar.rulebook.dir", dir.toString()));

        try (TopicReader changes = new TopicReader(child.infra.bootstrapServers(), child.changes);
             TopicReader rulebooks = new TopicReader(child.infra.bootstrapServers(), child.run + ".rulebooks")) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(events(changes.poll()))
                    .filteredOn(e -> e.causedBy().contains("rulebook:it-2"))
                    .anySatisfy(e -> {
                        assertThat(e.townCode()).isEqualTo(gained.town());
                        assertThat(e.letter()).isEqualTo("J");
                        assertThat(e.transition()).isEqualTo(Transition.REDUCED_TO_PARTIAL);
                        assertThat(e.rulebookVersion()).isEqualTo("it-2");
                    }));
            assertThat(events(changes.poll())).filteredOn(e -> e.causedBy().contains("rulebook:it-2"))
                    .allSatisfy(e -> assertThat(e.causedBy()).containsExactly("rulebook:it-2"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rulebooks.poll())
                    .extracting(r -> Json.read(r.value(), RulebookPublished.class).version())
                    .contains(version1, "it-2"));
        }
    }

    private static List<CharacteristicChanged> events(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> Json.read(r.value(), CharacteristicChanged.class)).toList();
    }
}
