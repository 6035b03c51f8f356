package io.resilienceradar.query.it;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resilienceradar.contracts.EventTypes;
import io.resilienceradar.contracts.Json;
import io.resilienceradar.contracts.events.CharacteristicState;
import io.resilienceradar.contracts.events.CriterionEvidence;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.RulebookPublished;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.coverage.CoverageNotes;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * GET /coverage over a hand-made universe on its own database and topics (the report is about all towns):
 * 3 towns (2 English, 1 Welsh), a rulebook of 2 characteristics: A evaluable everywhere, B insufficient data for the
 * English towns (B3 and B4 have no series yet) and none for the Welsh town.
 */
@QuarkusTest
@TestProfile(IsolatedQueryInfra.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoverageTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ENGLISH_1 = Fixtures.newTownCode();
    private static final String ENGLISH_2 = Fixtures.newTownCode();
    private static final String WELSH = "W" + Fixtures.newTownCode().substring(1);
    private static boolean materialised;

    @BeforeAll
    static void publish() {
        publish(rulebook());
        // A: full / partial / none (the Welsh town's A4 from a substitute series); B: insufficient, insufficient, none
        publish(town(ENGLISH_1, "Alpha", "England", 1,
                state("A", Membership.FULL, met("A1"), met("A2"), met("A3"), met("A4")),
                state("B", Membership.INSUFFICIENT_DATA, met("B1"), notMet("B2"), noValue("B3"), noValue("B4"))));
        publish(town(ENGLISH_2, "Bravo", "England", 1,
                state("A", Membership.PARTIAL, met("A1"), met("A2"), met("A3"), notMet("A4")),
                state("B", Membership.INSUFFICIENT_DATA, notMet("B1"), noValue("B2"), noValue("B3"), noValue("B4"))));
        publish(town(WELSH, "Cymru", "Wales", 1,
                state("A", Membership.NONE, met("A1"), notMet("A2"), notMet("A3"),
                        new CriterionEvidence("A4", "wimd-A4", "above towns mean", 3.0, 10.0, 9.5, 10.0, false,
                                "2019", "wimd/2019/1", null)),
                state("B", Membership.NONE, notMet("B1"), noValue("B2"), noValue("B3"), noValue("B4"))));
    }

    /** RestAssured knows the application's port only from the first test on, not in @BeforeAll. */
    @BeforeEach
    void materialised() {
        if (!materialised) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/coverage").then().statusCode(200)
                    .body("rulebookVersion", equalTo("rb-coverage-1")).body("towns.total", equalTo(3)));
            materialised = true;
        }
    }

    @Test
    @Order(1)
    void countsSharesAndReportSizesPerCharacteristic() {
        JsonPath c = given().get("/coverage").then().statusCode(200).contentType("application/json")
                .header("ETag", org.hamcrest.Matchers.notNullValue()).extract().jsonPath();
        assertThat(c.getString("rulebookVersion")).isEqualTo("rb-coverage-1");
        assertThat(c.getString("profilesAsOf")).isEqualTo(T.toString());
        assertThat(c.getInt("towns.total")).isEqualTo(3);
        assertThat(c.getInt("towns.england")).isEqualTo(2);
        assertThat(c.getInt("towns.wales")).isEqualTo(1);
        assertThat(c.getInt("towns.onOtherRulebook")).isZero();
        assertThat(c.getList("characteristics.letter")).containsExactly("A", "B");

        // A: evaluable for every town
        String a = "characteristics[0].";
        assertThat(c.getString(a + "id")).isEqualTo("traditional-demographics");
        assertThat(c.getBoolean(a + "provisional")).isFalse();
        assertThat(c.getInt(a + "townsEvaluable")).isEqualTo(3);
        assertThat(c.getDouble(a + "evaluableShareEngland")).isEqualTo(1.0);
        assertThat(c.getDouble(a + "evaluableShareWales")).isEqualTo(1.0);
        assertThat(List.of(c.getInt(a + "full"), c.getInt(a + "partial"), c.getInt(a + "none"), c.getInt(a + "insufficient")))
                .containsExactly(1, 1, 1, 0);
        assertThat(c.getInt(a + "reportSize")).isEqualTo(110);
        assertThat(c.getDouble(a + "reportSizeScaled")).isEqualTo(0.4); // 110 × 3 / 862 = 0.383
        assertThat(c.getString(a + "note")).isEqualTo(CoverageNotes.load().forLetter("A")).contains("1,371");
        assertThat(c.getInt(a + "criteriaWithData")).isEqualTo(4);
        assertThat(c.getList(a + "missingCriteria")).isEmpty();
        assertThat(c.getString(a + "criteria[0].id")).isEqualTo("A1");
        assertThat(c.getString(a + "criteria[0].label")).isEqualTo("criterion A1");
        assertThat(c.getString(a + "criteria[0].indicator")).isEqualTo("ind-A1");
        assertThat(c.getString(a + "criteria[0].comparison")).isEqualTo("top 40%");
        assertThat(c.getString(a + "criteria[0].assumption")).isEqualTo("cut-off not public");
        assertThat(c.getInt(a + "criteria[0].townsWithValue")).isEqualTo(3);
        assertThat(c.getBoolean(a + "criteria[0].hasData")).isTrue();
        assertThat(c.getList(a + "criteria[0].releases")).containsExactly("r/a/1");
        assertThat(c.getList(a + "criteria[3].releases")).containsExactly("r/a/1", "wimd/2019/1");
        assertThat(c.getList(a + "criteria[3].series")).containsExactly("ind-A4", "wimd-A4");
        assertThat(c.getList(a + "criteria[3].periods")).containsExactly("2019", "2021");

        // B: insufficient data for both English towns (B3, B4 have no series), none for the Welsh town
        String b = "characteristics[1].";
        assertThat(c.getInt(b + "townsEvaluable")).isEqualTo(1);
        assertThat(c.getDouble(b + "evaluableShareEngland")).isEqualTo(0.0);
        assertThat(c.getDouble(b + "evaluableShareWales")).isEqualTo(1.0);
        assertThat(List.of(c.getInt(b + "full"), c.getInt(b + "partial"), c.getInt(b + "none"), c.getInt(b + "insufficient")))
                .containsExactly(0, 0, 1, 2);
        assertThat(c.getInt(b + "reportSize")).isEqualTo(67);
        assertThat(c.getDouble(b + "reportSizeScaled")).isEqualTo(0.2); // 67 × 3 / 862 = 0.233
        assertThat(c.getList(b + "criteria.townsWithValue")).containsExactly(3, 1, 0, 0);
        assertThat(c.getList(b + "criteria.hasData")).containsExactly(true, true, false, false);
        assertThat(c.getList(b + "criteria[2].releases")).isEmpty();
        assertThat(c.getInt(b + "criteriaWithData")).isEqualTo(2);
        assertThat(c.getList(b + "missingCriteria")).containsExactly("B3", "B4");

        // summary against the targets and the report's figures
        assertThat(c.getInt("summary.criteria")).isEqualTo(8);
        assertThat(c.getInt("summary.criteriaWithData")).isEqualTo(6);
        assertThat(c.getInt("summary.criteriaTarget")).isEqualTo(40);
        assertThat(c.getBoolean("summary.criteriaTargetMet")).isFalse();
        assertThat(c.getInt("summary.characteristics")).isEqualTo(2);
        assertThat(c.getInt("summary.evaluableForEnglishTowns")).isEqualTo(1);
        assertThat(c.getList("summary.evaluableLetters")).containsExactly("A");
        assertThat(c.getInt("summary.evaluableTarget")).isEqualTo(9);
        assertThat(c.getInt("summary.completeTowns")).isEqualTo(1); // only the Welsh town has no insufficient data
        assertThat(c.getDouble("summary.meanFullPerTown")).isEqualTo(0.33); // 1 full membership / 3 towns
        assertThat(c.getDouble("summary.meanFullPerCompleteTown")).isEqualTo(0.0);
        assertThat(c.getInt("summary.townsInNone")).isEqualTo(1);
        assertThat(c.getInt("summary.townsWithoutFull")).isEqualTo(2);
        assertThat(c.getInt("summary.reportTowns")).isEqualTo(862);
        assertThat(c.getDouble("summary.reportMeanPerTown")).isEqualTo(3.17);
        assertThat(c.getInt("summary.reportTownsInNone")).isEqualTo(50);

        // conditional GET and problems like every read
        String etag = given().get("/coverage").then().extract().header("ETag");
        given().header("If-None-Match", etag).get("/coverage").then().statusCode(304);
        given().queryParam("format", "xml").get("/coverage").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    @Order(2)
    void markdownAndCsv() {
        String md = given().accept("text/markdown").get("/coverage").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString();
        assertThat(md).startsWith("# Coverage report")
                .contains("Rulebook `rb-coverage-1`")
                .contains("3 towns (2 English, 1 Welsh)")
                .contains("| criteria on a real series (at least one town has a value) | 6 of 8 |  | at least 40: not met |")
                .contains("| mean full memberships per town, all towns | 0.33 | 3.17 |  |")
                .contains("| towns in none (no full membership, no insufficient data) | 1 | 50 |  |")
                .contains("| A | Traditional demographics | 4 of 4 | 3 | 100.0% | 100.0% | 1 | 1 | 1 | 0 | 110 | 0.4 |")
                .contains("| B | Visible decline | 2 of 4 (no data: B3, B4) | 1 | 0.0% | 100.0% | 0 | 0 | 1 | 2 | 67 | 0.2 |")
                .contains(CoverageNotes.load().forLetter("B"))
                .contains("### A Traditional demographics")
                .contains("| A4 | criterion A4 | `ind-A4` | above towns mean | 3 | `r/a/1`, `wimd/2019/1`; period 2019, 2021; also `wimd-A4` |")
                .contains("| B3 | criterion B3 | `ind-B3` | above towns mean | 0 | no data |");
        assertThat(given().queryParam("format", "markdown").get("/coverage").asString()).isEqualTo(md);

        String csv = given().queryParam("format", "csv").get("/coverage").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).header("X-Total-Count", "2")
                .extract().asString();
        assertThat(csv.lines().findFirst()).hasValue("letter,id,name,provisional,criteria,criteriaWithData,"
                + "missingCriteria,townsEvaluable,evaluableShareEngland,evaluableShareWales,full,partial,none,"
                + "insufficient,reportSize,reportSizeScaled,note");
        List<Map<String, String>> rows = csvRows(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("letter", "A").containsEntry("id", "traditional-demographics")
                .containsEntry("name", "Traditional demographics").containsEntry("criteriaWithData", "4")
                .containsEntry("missingCriteria", "").containsEntry("townsEvaluable", "3")
                .containsEntry("evaluableShareEngland", "1.0").containsEntry("full", "1").containsEntry("partial", "1")
                .containsEntry("none", "1").containsEntry("insufficient", "0").containsEntry("reportSize", "110")
                .containsEntry("reportSizeScaled", "0.4").containsEntry("note", CoverageNotes.load().forLetter("A"));
        assertThat(rows.get(1)).containsEntry("letter", "B").containsEntry("missingCriteria", "B3 B4")
                .containsEntry("townsEvaluable", "1").containsEntry("evaluableShareEngland", "0.0")
                .containsEntry("evaluableShareWales", "1.0").containsEntry("insufficient", "2")
                .containsEntry("reportSize", "67").containsEntry("reportSizeScaled", "0.2");
        assertThat(given().accept("text/csv").get("/coverage").asString()).isEqualTo(csv);
    }

    @Test
    @Order(3)
    void aNewerProfileIsReflectedAtOnce() {
        String before = given().get("/coverage").then().extract().header("ETag");
        // Bravo gains A and all of B's series arrive for it (B not met: none)
        publish(town(ENGLISH_2, "Bravo", "England", 2,
                state("A", Membership.FULL, met("A1"), met("A2"), met("A3"), met("A4")),
                state("B", Membership.NONE, notMet("B1"), notMet("B2"), met("B3"), notMet("B4"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/coverage").then().body("characteristics[0].full", equalTo(2)));
        JsonPath c = given().header("If-None-Match", before).get("/coverage").then().statusCode(200).extract().jsonPath();
        assertThat(c.getInt("characteristics[1].townsEvaluable")).isEqualTo(2);
        assertThat(c.getDouble("characteristics[1].evaluableShareEngland")).isEqualTo(0.5);
        assertThat(c.getList("characteristics[1].criteria.townsWithValue")).containsExactly(3, 2, 1, 1);
        assertThat(c.getInt("summary.criteriaWithData")).isEqualTo(8);
        assertThat(c.getInt("summary.completeTowns")).isEqualTo(2);
        assertThat(c.getDouble("summary.meanFullPerTown")).isEqualTo(0.67);
        assertThat(c.getDouble("summary.meanFullPerCompleteTown")).isEqualTo(0.5);
        assertThat(c.getInt("summary.townsInNone")).isEqualTo(1);
        assertThat(c.getInt("summary.townsWithoutFull")).isEqualTo(1);
    }

    private static List<Map<String, String>> csvRows(String csv) {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the hand-made events ----

    private static RulebookPublished rulebook() {
        List<RulebookPublished.Definition> defs = new ArrayList<>();
        for (String[] d : List.of(new String[]{"A", "traditional-demographics", "Traditional demographics"},
                new String[]{"B", "visible-decline", "Visible decline"})) {
            List<RulebookPublished.Criterion> criteria = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String id = d[0] + i;
                criteria.add(new RulebookPublished.Criterion(id, "criterion " + id, "ind-" + id,
                        id.equals("A1") ? "top 40%" : "above towns mean", List.of(),
                        id.equals("A1") ? "cut-off not public" : null));
            }
            defs.add(new RulebookPublished.Definition(d[1], d[0], d[2], "what " + d[0] + " means", "HOPE not hate 2020",
                    false, criteria, List.of()));
        }
        return new RulebookPublished(RulebookPublished.SCHEMA_VERSION, "rb-coverage-1",
                Instant.parse("2026-02-01T00:00:00Z"), defs);
    }

    private static CriterionEvidence met(String id) {
        return new CriterionEvidence(id, "ind-" + id, "above towns mean", 12.0, 10.0, 9.5, 80.0, true, "2021", "r/a/1", null);
    }

    private static CriterionEvidence notMet(String id) {
        return new CriterionEvidence(id, "ind-" + id, "above towns mean", 8.0, 10.0, 9.5, 20.0, false, "2021", "r/a/1", null);
    }

    private static CriterionEvidence noValue(String id) {
        return new CriterionEvidence(id, "ind-" + id, "above towns mean", null, null, null, null, null, null, null,
                "no data for this town");
    }

    private static CharacteristicState state(String letter, Membership m, CriterionEvidence... criteria) {
        int met = (int) Arrays.stream(criteria).filter(e -> Boolean.TRUE.equals(e.met())).count();
        String id = letter.equals("A") ? "traditional-demographics" : "visible-decline";
        String name = letter.equals("A") ? "Traditional demographics" : "Visible decline";
        return new CharacteristicState(id, letter, name, m, met, List.of(criteria));
    }

    private static TownProfile town(String code, String name, String country, long revision, CharacteristicState... states) {
        return new TownProfile(TownProfile.SCHEMA_VERSION, code, name, country.equals("Wales") ? "Wales" : "North West",
                country, "Small", false, "rb-coverage-1", revision, revision == 1 ? T : T.plusSeconds(60),
                List.of("r/a/1"), List.of(states));
    }

    private static void publish(TownProfile p) {
        Fixtures.send(IsolatedQueryInfra.PROFILES, p.townCode(), EventTypes.TOWN_PROFILE,
                p.townCode() + "-r" + p.revision(), Json.writeString(p));
    }

    private static void publish(RulebookPublished r) {
        Fixtures.send(IsolatedQueryInfra.RULEBOOKS, "rulebook", EventTypes.RULEBOOK_PUBLISHED, "rulebook-" + r.version(),
                Json.writeString(r));
    }
}
