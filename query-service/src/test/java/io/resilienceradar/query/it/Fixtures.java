package io.resilienceradar.query.it;

import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.Topics;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.contracts.events.Transition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds scoring-service's events and publishes them to the real broker, as scoring-service would. */
final class Fixtures {
    static final String[] LETTERS = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"};
    private static final AtomicInteger TOWNS = new AtomicInteger();
    private static KafkaProducer<String, String> producer;

    private Fixtures() {
    }

    /** A town code nobody else in this JVM uses (tests share one application and database). */
    static String newTownCode() {
        return String.format("E63%06d", 900000 + TOWNS.incrementAndGet());
    }

    static String id(String letter) {
        return "char-" + letter.toLowerCase();
    }

    static CriterionEvidence evidence(String criterion, double value, boolean met, String release) {
        return new CriterionEvidence(criterion, "indicator-" + criterion, "above towns mean", value, 10.0, 9.5,
                met ? 80.0 : 30.0, met, "2021", release, null);
    }

    /** A profile where {@code full} letters are FULL, {@code partial} PARTIAL, the rest NONE. */
    static TownProfile profile(String code, String name, String region, String size, boolean coastal, long revision,
                               Instant computedAt, String release, List<String> full, List<String> partial) {
        List<CharacteristicState> states = new ArrayList<>();
        for (String l : LETTERS) {
            Membership m = full.contains(l) ? Membership.FULL : partial.contains(l) ? Membership.PARTIAL : Membership.NONE;
            int met = m == Membership.FULL ? 4 : m == Membership.PARTIAL ? 3 : 1;
            List<CriterionEvidence> criteria = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                criteria.add(evidence(l + i, i <= met ? 12.0 : 8.0, i <= met, release));
            }
            states.add(new CharacteristicState(id(l), l, "Characteristic " + l, m, met, criteria));
        }
        return new TownProfile(TownProfile.SCHEMA_VERSION, code, name, region, region.equals("Wales") ? "Wales" : "England",
                size, coastal, "rb-test-1", revision, computedAt, List.of(release), states);
    }

    static CharacteristicChanged change(String eventId, TownProfile after, String letter, Membership before,
                                        Membership now, String release) {
        return new CharacteristicChanged(CharacteristicChanged.SCHEMA_VERSION, eventId, after.townCode(),
                after.townName(), after.region(), id(letter), letter, "Characteristic " + letter, before, now,
                Transition.of(before, now), List.of(), List.of(), List.of(release), "rb-test-1", after.revision(),
                after.computedAt());
    }

    static RulebookPublished rulebook(String version, Instant publishedAt) {
        List<RulebookPublished.Definition> defs = new ArrayList<>();
        for (String l : LETTERS) {
            List<RulebookPublished.Criterion> criteria = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                criteria.add(new RulebookPublished.Criterion(l + i, "criterion " + l + i, "indicator-" + l + i,
                        "above towns mean", List.of(), null));
            }
            defs.add(new RulebookPublished.Definition(id(l), l, "Characteristic " + l, "what " + l + " means",
                    "HOPE not hate 2020", l.equals("J"), criteria, List.of("threshold for " + l + " assumed at the mean")));
        }
        return new RulebookPublished(RulebookPublished.SCHEMA_VERSION, version, publishedAt, defs);
    }

    static void publish(TownProfile p) {
        send(Topics.TOWN_PROFILES, p.townCode(), EventTypes.TOWN_PROFILE, p.townCode() + "-r" + p.revision(), Json.writeString(p));
    }

    static void publish(CharacteristicChanged c) {
        send(Topics.CHARACTERISTIC_CHANGES, c.townCode(), EventTypes.CHARACTERISTIC_CHANGED, c.eventId(), Json.writeString(c));
    }

    static void publish(RulebookPublished r) {
        send(Topics.RULEBOOKS, "rulebook", EventTypes.RULEBOOK_PUBLISHED, "rulebook-" + r.version(), Json.writeString(r));
    }

    /** Sends without waiting for the broker (a burst); {@link #flush} waits for all of them. */
    static void publishAsync(CharacteristicChanged c) {
        producer().send(record(Topics.CHARACTERISTIC_CHANGES, c.townCode(), EventTypes.CHARACTERISTIC_CHANGED,
                c.eventId(), Json.writeString(c)));
    }

    static void flush() {
        producer().flush();
    }

    static void send(String topic, String key, String type, String ceId, String value) {
        try {
            producer().send(record(topic, key, type, ceId, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static ProducerRecord<String, String> record(String topic, String key, String type, String ceId, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", (ceId == null ? UUID.randomUUID().toString() : ceId).getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", EventTypes.SOURCE_SCORING.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
