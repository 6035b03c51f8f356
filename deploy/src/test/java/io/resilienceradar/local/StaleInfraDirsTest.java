package io.resilienceradar.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What a killed test JVM left behind is deleted by the next one; nothing a live run uses is touched. */
class StaleInfraDirsTest {
    @TempDir
    Path tmp;

    @Test
    void deletesTheDirectoriesOfDeadOwnersAndOldUnownedOnesOnly() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path dead = owned("radar-infra-dead", Long.toString(finished.pid()));
        Files.createDirectories(dead.resolve("kafka/log"));
        Files.writeString(dead.resolve("kafka/log/00000.log"), "segment");
        Path live = owned("radar-infra-live", Long.toString(ProcessHandle.current().pid()));
        Path foreign = owned("radar-infra-foreign", "not a pid");
        Path oldUnowned = Files.createDirectory(tmp.resolve("radar-infra-old"));
        Files.setLastModifiedTime(oldUnowned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path newUnowned = Files.createDirectory(tmp.resolve("radar-infra-starting"));
        Path other = Files.createDirectory(tmp.resolve("something-else"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        var deleted = StaleInfraDirs.sweep(tmp, Instant.now());

        assertThat(deleted).containsExactlyInAnyOrder(dead, oldUnowned);
        assertThat(dead).doesNotExist();
        assertThat(oldUnowned).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(foreign).isDirectory();
        assertThat(newUnowned).isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void theSharedInfrastructureClaimsItsDirectoryForThisProcess() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("radar-infra-mine"));
        StaleInfraDirs.claim(dir);

        assertThat(Files.readString(dir.resolve(StaleInfraDirs.OWNER))).isEqualTo(
                Long.toString(ProcessHandle.current().pid()));
        assertThat(StaleInfraDirs.sweep(tmp, Instant.now())).isEmpty();
    }

    private Path owned(String name, String pid) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve(StaleInfraDirs.OWNER), pid);
        return dir;
    }
}
