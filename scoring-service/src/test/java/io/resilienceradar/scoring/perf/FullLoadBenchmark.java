package io.resilienceradar.scoring.perf;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.local.RadarInfraResource;
import io.resilienceradar.scoring.it.ReleaseSender;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test (skipped unless {@code -Dradar.bench=true}): the whole bundled data (every release of
 * contracts' releases/index.json) applied from an empty database, in seconds from the first record sent to the last
 * event relayed. Numbers go to docs/benchmarks-scoring.md.
 * <pre>./mvnw -o -q -pl scoring-service -am test -Dtest=FullLoadBenchmark -Dradar.bench=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@QuarkusTestResource(value = RadarInfraResource.class, initArgs = @ResourceArg(name = "database", value = "scoring_bench_full"))
@EnabledIfSystemProperty(named = "radar.bench", matches = "true")
class FullLoadBenchmark {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource ds;

    @Test
    void bundledDataFromEmpty() {
        assertThat(BundledLoad.outboxRows(ds)).as("an empty state (only the rulebook)").isLessThanOrEqualTo(1);
        double seconds;
        try (ReleaseSender sender = new ReleaseSender(bootstrap)) {
            seconds = BundledLoad.sendAndAwaitRelayed(sender, ds);
        }
        int towns = RestAssured.get("/towns").jsonPath().getList("townCode").size();
        System.out.printf("BENCH full bundled data from empty: releases=%d observations=%d towns=%d events=%d "
                        + "first record -> last event relayed %.1f s%n",
                io.resilienceradar.scoring.domain.BundledData.releases().size(), BundledLoad.observations(), towns,
                BundledLoad.outboxRows(ds), seconds);
    }
}
