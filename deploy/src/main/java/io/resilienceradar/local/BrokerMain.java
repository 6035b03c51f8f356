package io.resilienceradar.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs the real Kafka broker ({@code kafka.Kafka}, KRaft) in this process, after formatting its storage once.
 * A watchdog exits the broker when its parent's pipe on stdin closes, so a killed test JVM or launcher never
 * leaves a broker behind.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class BrokerMain {

    public static void main(String[] args) throws IOException {
        Path config = Path.of(args[0]);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            props.load(in);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", args[1], "-c", config.toString(), "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("kafka storage format failed: " + rc);
                System.exit(rc);
            }
        }
        watchParent();
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void watchParent() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; EOF means it has gone
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            System.exit(0); // kafka.Kafka's shutdown hook stops the broker cleanly
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private BrokerMain() {
    }
}
