package io.resilienceradar.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysts' CLI (deploy/publish, bash + curl) against the running service. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class PublishScriptTest {
    private static final Path SCRIPT = Path.of("..", "deploy", "publish");
    private final String dataset = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    record Run(int exit, String out) {
    }

    @BeforeEach
    void register() {
        TestData.ensureRegister();
    }

    private Run publish(Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), file.toString(), "--url",
                "http://localhost:" + RestAssured.port, "--token", TestData.token("publisher")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void publishesAFileAndPrintsTheResult() throws Exception {
        Path file = Files.createTempFile("release", ".csv");
        Files.writeString(file, TestData.tidy("population", "2021", 40));
        Run run = publish(file, "--dataset", dataset, "--edition", "2021", "--version", "1", "--title", "CLI release");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("published").contains(dataset + "/2021/1").contains("PUBLISHED");
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).hasSize(3);

        Run again = publish(file, "--dataset", dataset, "--edition", "2021", "--version", "1");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already known");
    }

    @Test
    void printsTheProblemsWithLineAndColumn() throws Exception {
        Path file = Files.createTempFile("release", ".csv");
        Files.writeString(file, TestData.TIDY_HEADER + "E63000001,Town 1,population,2021,abc,,\n");
        Run run = publish(file, "--dataset", dataset, "--edition", "2021", "--version", "2");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("refused (422)").contains("line 2, column Observation: abc — not a number");
    }
}
