package io.resilienceradar.query.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.contracts.events.CharacteristicChanged;
import io.resilienceradar.contracts.events.Membership;
import io.resilienceradar.contracts.events.TownProfile;
import io.resilienceradar.query.domain.Materialiser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Events on the real broker → materialised in the real database → read over HTTP. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class ReadModelTest {
    private static final Instant T1 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T2 = T1.plus(1, ChronoUnit.HOURS);

    @Inject
    Materialiser materialiser;

    @BeforeAll
    static void rulebook() {
        Fixtures.publish(Fixtures.rulebook("rb-test-1", Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static void awaitRevision(String code, long revision) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/towns/" + code).then().statusCode(200).body("revision", equalTo((int) revision)));
    }

    @Test
    void profileHistoryAndTimeTravel() {
        String code = Fixtures.newTownCode();
        TownProfile before = Fixtures.profile(code, "Slough", "South East", "Large", false, 1, T1, "pop/2021/1",
                List.of("E"), List.of("G"));
        TownProfile after = Fixtures.profile(code, "Slough", "South East", "Large", false, 2, T2, "pop/2023/2",
                List.of("E", "G"), List.of());
        Fixtures.publish(before);
        Fixtures.publish(after);
        CharacteristicChanged gained = Fixtures.change("evt-" + code + "-1", after, "G", Membership.PARTIAL,
                Membership.FULL, "pop/2023/2");
        Fixtures.publish(gained);
        awaitRevision(code, 2);

        JsonPath town = given().get("/towns/" + code).then().statusCode(200)
                .header("ETag", org.hamcrest.Matchers.notNullValue())
                .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age"))
                .extract().jsonPath();
        assertThat(town.getList("characteristics")).hasSize(14);
        Map<String, Object> g = town.getMap("characteristics.find { it.letter == 'G' }");
        assertThat(g.get("membership")).isEqualTo("FULL");
        assertThat(town.getDouble("characteristics.find { it.letter == 'G' }.criteria[0].threshold")).isEqualTo(10.0);
        assertThat(town.getDouble("characteristics.find { it.letter == 'G' }.criteria[0].townsMean")).isEqualTo(9.5);
        assertThat(town.getString("characteristics.find { it.letter == 'G' }.criteria[0].releaseId")).isEqualTo("pop/2023/2");
        assertThat(town.getString("characteristics.find { it.letter == 'G' }.criteria[0].period")).isEqualTo("2021");

        // time travel: before the release, G was only partial
        given().queryParam("asOf", T1.plusSeconds(60).toString()).get("/towns/" + code + "/profile")
                .then().statusCode(200).body("revision", equalTo(1))
                .body("characteristics.find { it.letter == 'G' }.membership", equalTo("PARTIAL"));
        given().queryParam("release", "pop/2023/2").get("/towns/" + code + "/profile")
                .then().statusCode(200).body("revision", equalTo(2));
        given().queryParam("release", "pop/2021/1").get("/towns/" + code + "/profile")
                .then().statusCode(200).body("revision", equalTo(1));
        given().queryParam("asOf", T1.minusSeconds(60).toString()).get("/towns/" + code + "/profile")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().get("/towns/" + code + "/profile").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("asOf", "yesterday").get("/towns/" + code + "/profile").then().statusCode(400);
        given().queryParam("release", "no-slashes").get("/towns/" + code + "/profile").then().statusCode(400);

        // history, and the same event twice is stored once (a later change on the same partition proves it was read)
        Fixtures.publish(gained);
        Fixtures.publish(Fixtures.change("evt-" + code + "-2", after, "A", Membership.NONE, Membership.NONE, "pop/2023/2"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/towns/" + code + "/history").then().statusCode(200).body("total", equalTo(2)));
        JsonPath history = given().get("/towns/" + code + "/history").then().extract().jsonPath();
        assertThat(history.getList("items.eventId")).containsExactly("evt-" + code + "-1", "evt-" + code + "-2");
        assertThat(history.getString("items[0].transition")).isEqualTo("GAINED");
        assertThat(history.getList("items[0].causedBy")).containsExactly("pop/2023/2");
        assertThat(history.getString("items[0].rulebookVersion")).isEqualTo("rb-test-1");
    }

    @Test
    void aProfileThatIsNotNewerIsIgnored() {
        String code = Fixtures.newTownCode();
        Fixtures.publish(Fixtures.profile(code, "Dartford", "South East", "Medium", false, 5, T2, "pop/2023/2",
                List.of("G"), List.of()));
        awaitRevision(code, 5);
        var replaced = materialiser.applyProfiles(List.of(Fixtures.profile(code, "Stale name", "South East", "Medium",
                false, 4, T2, "pop/2021/1", List.of(), List.of())));
        assertThat(replaced).isEmpty();
        given().get("/towns/" + code).then().body("townName", equalTo("Dartford")).body("revision", equalTo(5));
        given().queryParam("characteristic", "G").queryParam("q", "dartford").get("/towns")
                .then().body("items.townCode", org.hamcrest.Matchers.hasItem(code));
    }

    @Test
    void townListFiltersSortsPagesAndSpeaksCsv() {
        String region = "Test Region " + System.nanoTime();
        String a = Fixtures.newTownCode();
        String b = Fixtures.newTownCode();
        String c = Fixtures.newTownCode();
        Fixtures.publish(Fixtures.profile(a, "Alpha-on-Sea", region, "Small", true, 1, T2, "r/1/1", List.of("G", "E"), List.of()));
        Fixtures.publish(Fixtures.profile(b, "Bravo", region, "Medium", false, 1, T2, "r/1/1", List.of("G"), List.of("E")));
        Fixtures.publish(Fixtures.profile(c, "Charlie", region, "Small", false, 1, T2, "r/1/1", List.of(), List.of("G")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("region", region).get("/towns").then().statusCode(200).body("total", equalTo(3)));

        assertThat(codes(Map.of("region", region, "characteristic", "G"))).containsExactly(a, b, c);
        assertThat(codes(Map.of("region", region, "characteristic", "G", "membership", "full"))).containsExactly(a, b);
        assertThat(codes(Map.of("region", region, "characteristic", "G", "membership", "partial"))).containsExactly(c);
        assertThat(codes(Map.of("region", region, "characteristic", "G,E", "membership", "full"))).containsExactly(a);
        assertThat(codes(Map.of("region", region, "characteristic", "char-g,E"))).containsExactly(a, b);
        assertThat(codes(Map.of("region", region, "size", "small"))).containsExactly(a, c);
        assertThat(codes(Map.of("region", region, "coastal", "true"))).containsExactly(a);
        assertThat(codes(Map.of("region", region, "q", "RAV"))).containsExactly(b);
        assertThat(codes(Map.of("region", region, "sort", "-name"))).containsExactly(c, b, a);

        Response page = given().queryParam("region", region).queryParam("limit", 2).queryParam("offset", 2).get("/towns");
        page.then().statusCode(200).header("X-Total-Count", "3").body("total", equalTo(3)).body("items.townCode",
                equalTo(List.of(c)));
        JsonPath first = given().queryParam("region", region).queryParam("limit", 1).get("/towns").jsonPath();
        assertThat(first.getList("items[0].full")).containsExactly("E", "G");

        String csv = given().accept("text/csv").queryParam("region", region).get("/towns")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("townCode,townName,region");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith(a + ",Alpha-on-Sea,").contains("E G");
        assertThat(given().queryParam("format", "csv").queryParam("region", region).get("/towns").asString()).isEqualTo(csv);

        // conditional GET
        String etag = given().queryParam("region", region).get("/towns").header("ETag");
        given().header("If-None-Match", etag).queryParam("region", region).get("/towns").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").queryParam("region", region).get("/towns").then().statusCode(200);

        // problems
        given().queryParam("sort", "height").get("/towns").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request")).body("detail", org.hamcrest.Matchers.containsString("sort"));
        given().queryParam("limit", 0).get("/towns").then().statusCode(400);
        given().queryParam("membership", "half").get("/towns").then().statusCode(400);
        given().queryParam("format", "xml").get("/towns").then().statusCode(400);
        given().get("/towns/E63999999999").then().statusCode(404).contentType("application/problem+json");

        // characteristics: definitions from the rulebook, counts overall and by region, members
        JsonPath all = given().get("/characteristics").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items")).hasSize(14);
        assertThat(all.getList("items.find { it.letter == 'G' }.assumptions")).containsExactly("threshold for G assumed at the mean");
        JsonPath gDef = given().get("/characteristics/g").then().statusCode(200).extract().jsonPath();
        assertThat(gDef.getString("id")).isEqualTo("char-g");
        assertThat(gDef.getList("criteria")).hasSize(4);
        assertThat(gDef.getInt("membersByRegion.find { it.region == '" + region + "' }.full")).isEqualTo(2);
        assertThat(gDef.getInt("membersByRegion.find { it.region == '" + region + "' }.partial")).isEqualTo(1);
        assertThat(gDef.getLong("members.full")).isGreaterThanOrEqualTo(2);
        given().queryParam("region", region).queryParam("membership", "partial").get("/characteristics/G/members")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].townCode", equalTo(c));
        given().get("/characteristics/Z").then().statusCode(404).contentType("application/problem+json");
        assertThat(given().accept("text/csv").get("/characteristics").asString().lines().count()).isEqualTo(15);
    }

    private static List<String> codes(Map<String, String> params) {
        return given().queryParams(params).get("/towns").then().statusCode(200).extract().jsonPath()
                .getList("items.townCode", String.class);
    }
}
