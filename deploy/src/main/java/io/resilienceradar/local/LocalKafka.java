package io.resilienceradar.local;

import io.resilienceradar.contracts.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, loopback only) in a child JVM, started from the Maven Central jars on
 * this JVM's class path. The child holds a pipe to us on stdin and exits when it closes (see {@link BrokerMain}).
 */
public final class LocalKafka implements AutoCloseable {
    private final Process process;
    private final OutputStream lifeline;
    private final String bootstrap;
    private final Path logFile;

    private LocalKafka(Process process, String bootstrap, Path logFile) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.bootstrap = bootstrap;
        this.logFile = logFile;
    }

    /** Starts a broker whose data lives in {@code dir}; port 0 picks a free port. */
    public static LocalKafka start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        Path logDirs = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.cleaner.backoff.ms=1000",
                "") );
        Path clusterIdFile = dir.resolve("cluster-id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, base64Uuid());
        }
        Path logFile = dir.resolve("broker.log");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN", "-Dorg.jboss.logging.provider=slf4j",
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), config.toString(), Files.readString(clusterIdFile).trim()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        LocalKafka kafka = new LocalKafka(process, "127.0.0.1:" + brokerPort, logFile);
        kafka.awaitReady(Duration.ofSeconds(90));
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** Creates every topic of the list that does not exist yet. */
    public static void createTopics(Admin admin, List<TopicSpec> specs) {
        for (TopicSpec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs());
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + spec.name(), e.getCause());
                }
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot create topic " + spec.name(), e);
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + logFile);
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                sleep(200);
            }
        }
        close();
        throw new IllegalStateException("Kafka broker not ready within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() {
        try {
            lifeline.close(); // the broker's watchdog sees EOF and shuts down cleanly
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Processes.stop(process, Duration.ofSeconds(20));
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Kafka's own generator: URL-safe base64 that never starts with '-' (which the storage tool reads as a flag). */
    private static String base64Uuid() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
