package io.resilienceradar.local;

import io.resilienceradar.contracts.TopicSpec;
import io.resilienceradar.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The infrastructure every flow test stands on: a real broker and a real PostgreSQL, not stand-ins. */
class RadarInfraTest {
    private final RadarInfra infra = RadarInfra.shared();

    @Test
    void brokerRoundTripsARecordAndHasEveryTopicOfTheContract() throws Exception {
        String topic = "infra-test";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "E63007092", "Berwick-upon-Tweed")).get();
        }
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
        assertThat(seen).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("E63007092", "Berwick-upon-Tweed"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(TopicSpec.ALL.stream().map(TopicSpec::name).toList());
            ConfigResource profiles = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOWN_PROFILES);
            String policy = admin.describeConfigs(List.of(profiles)).all().get().get(profiles)
                    .get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void postgresServesEachServiceItsOwnDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("infra_test"), infra.dbUser(), infra.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("create table town(code text primary key)");
            s.execute("insert into town values ('W45000001')");
            try (ResultSet rs = s.executeQuery("select current_database(), count(*), version() from town")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("infra_test");
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).startsWith("PostgreSQL 17");
            }
        }
    }

    @Test
    void serviceConfigNamesBrokerDatabaseAndTokenKeys() {
        Map<String, String> config = infra.serviceConfig("scoring");
        assertThat(config).containsEntry("kafka.bootstrap.servers", infra.bootstrapServers())
                .containsKey("mp.jwt.verify.publickey.location")
                .containsEntry("mp.jwt.verify.issuer", DevKeys.ISSUER);
        assertThat(config.get("quarkus.datasource.jdbc.url")).endsWith("/scoring");
    }
}
