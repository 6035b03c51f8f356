package io.resilienceradar.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The throw-away broker and database directories of test JVMs that did not exit normally (killed by a timeout, a
 * crash, kill -9): their shutdown hook never ran, and a broker's log and a database can hold gigabytes each. Each
 * directory names its owner in {@value #OWNER}; a later test JVM deletes those whose owner process is gone. A
 * directory without the file (written before it existed, or still being set up) goes only once it is older than
 * {@link #UNOWNED_AGE}, so that a run in progress is never touched.
 */
final class StaleInfraDirs {
    static final String PREFIX = "radar-infra-";
    static final String OWNER = "owner.pid";
    static final Duration UNOWNED_AGE = Duration.ofHours(12);

    private StaleInfraDirs() {
    }

    /** Marks {@code dir} as this process's. */
    static void claim(Path dir) throws IOException {
        Files.writeString(dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
    }

    /** Deletes the stale directories under {@code parent}; returns the ones deleted. */
    static List<Path> sweep(Path parent, Instant now) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && stale(dir, now)) {
                    RadarInfra.deleteQuietly(dir);
                    deleted.add(dir);
                }
            }
        } catch (IOException ignored) {
            // best effort: a temp directory we cannot list is not ours to clean
        }
        return deleted;
    }

    /** A directory we cannot read, or whose owner file we did not write, is left alone (and the others still swept). */
    private static boolean stale(Path dir, Instant now) {
        try {
            Path owner = dir.resolve(OWNER);
            if (Files.exists(owner)) {
                long pid = Long.parseLong(Files.readString(owner).trim());
                return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
            }
            return Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(UNOWNED_AGE));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
