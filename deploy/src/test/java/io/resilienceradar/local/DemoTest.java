package io.resilienceradar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilienceradar.contracts.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How the demo chooses towns and computes the synthetic estimate that completes their characteristic. */
class DemoTest {

    @Test
    void aPartialMemberMissingOnlyAGrowthCriterionGetsAnEstimatePastTheThreshold() throws Exception {
        JsonNode towns = Json.MAPPER.readTree("""
                [{"townCode": "E1", "name": "Growing", "region": "North West", "characteristics": [
                   {"letter": "G", "characteristicId": "rapid-change", "membership": "PARTIAL", "criteria": [
                     {"criterionId": "G1", "indicator": "migrant_inflow_share", "met": true, "value": 12, "threshold": 10},
                     {"criterionId": "G2", "indicator": "population_growth_pct", "comparison": "top 25%", "met": false,
                      "value": 20.0, "threshold": 25.0, "period": "2001/2021"},
                     {"criterionId": "G3", "indicator": "working_age_growth_pct", "met": true, "value": 30, "threshold": 10},
                     {"criterionId": "G4", "indicator": "house_price_growth_pct", "met": true, "value": 200, "threshold": 150}]}]},
                 {"townCode": "E2", "name": "Shrinking", "region": "Wales", "characteristics": [
                   {"letter": "C", "characteristicId": "shrinking-and-ageing", "membership": "PARTIAL", "criteria": [
                     {"criterionId": "C1", "indicator": "ageing_pace", "met": true, "value": 6, "threshold": 5},
                     {"criterionId": "C2", "indicator": "population_growth_pct", "comparison": "bottom 40%", "met": false,
                      "value": 9.0, "threshold": 7.318, "period": "2001/2021"},
                     {"criterionId": "C3", "indicator": "child_share_change", "met": true, "value": -3, "threshold": -2},
                     {"criterionId": "C4", "indicator": "house_price_growth_pct", "met": true, "value": 100, "threshold": 150}]}]},
                 {"townCode": "E3", "name": "Not movable", "region": "Wales", "characteristics": [
                   {"letter": "C", "characteristicId": "shrinking-and-ageing", "membership": "PARTIAL", "criteria": [
                     {"criterionId": "C1", "indicator": "ageing_pace", "comparison": "top 40%", "met": false, "value": 1, "threshold": 5},
                     {"criterionId": "C2", "indicator": "population_growth_pct", "met": true, "value": 1, "threshold": 7.318},
                     {"criterionId": "C3", "indicator": "child_share_change", "met": true, "value": -3, "threshold": -2},
                     {"criterionId": "C4", "indicator": "house_price_growth_pct", "met": true, "value": 100, "threshold": 150}]}]}]
                """);
        Demo.Baseline baseline = Demo.Baseline.load(gzip("""
                AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status
                E1,Growing,population,2001,10000,persons,
                E1,Growing,population,2021,12000,persons,
                E2,Shrinking,population,2001,20000,persons,
                E2,Shrinking,population,2021,21800,persons,
                E3,Not movable,population,2001,5000,persons,
                """));
        Map<String, String> labels = Map.of("G2", "Population growth", "C2", "Slow population growth");

        List<Demo.Candidate> g = Demo.candidates(towns, "G", baseline, Map.of(), labels);
        assertThat(g).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo("E1");
            assertThat(c.criterionId()).isEqualTo("G2");
            assertThat(c.label()).isEqualTo("Population growth");
            assertThat(c.raw()).isEqualTo("population");
            assertThat(c.newValue()).isEqualTo(Math.round(10000 * (1 + (25.0 + Demo.MARGIN) / 100))); // 12,650
            assertThat(c.achieved()).isGreaterThanOrEqualTo(25.0 + Demo.MARGIN - 0.01);
            assertThat(c.latest()).isEqualTo(12000);
            assertThat(c.latestPeriod()).isEqualTo("2021");
        });

        List<Demo.Candidate> c = Demo.candidates(towns, "C", baseline, Map.of(), labels);
        assertThat(c).singleElement().satisfies(x -> { // E3 misses C1, which a population estimate does not move
            assertThat(x.code()).isEqualTo("E2");
            assertThat(x.newValue()).isEqualTo(Math.round(20000 * (1 + (7.318 - Demo.MARGIN) / 100))); // 21,164
            assertThat(x.achieved()).isLessThanOrEqualTo(7.318 - Demo.MARGIN + 0.01);
        });
    }

    @Test
    void aLaterVersionCarriesTheEarlierRowsAndNamesWithCommasSurvive() {
        Map<String, Demo.Row> rows = new TreeMap<>();
        Demo.Row a = new Demo.Row("E63000001", "Newport, Isle of Wight", "population", "2024", 25123);
        Demo.Row b = new Demo.Row("W45000001", "Say \"Cheese\"", "population_25_64", "2024", 9000);
        rows.put(a.key(), a);
        rows.put(b.key(), b);
        String csv = Demo.csv(rows.values());
        assertThat(csv).startsWith("AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status\n")
                .contains("E63000001,\"Newport, Isle of Wight\",population,2024,25123,persons,\n");
        assertThat(Demo.parseRows(csv)).isEqualTo(rows);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
