package io.resilienceradar.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.resilienceradar.ingest.ReleaseTopic;
import io.resilienceradar.ingest.TestData;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import static io.resilienceradar.ingest.TestData.TIDY_HEADER;
import static io.resilienceradar.ingest.TestData.publisher;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input is refused with a problem naming line and column, and nothing reaches the topic. */
@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "ingest"))
class RejectionTest {
    private static final String OK_ROW = "E63000001,Town 1,population,2021,1,,\n";

    @BeforeEach
    void register() {
        TestData.ensureRegister();
    }

    static Stream<Arguments> badReleases() {
        return Stream.of(
                Arguments.of("unknown-area", utf8(TIDY_HEADER + OK_ROW + "E63000019,Town 19,population,2021,1,,\n"),
                        3, "AREACD", "E63000019", "unknown area code (not in the accepted register); did you mean"),
                Arguments.of("not-gss", utf8(TIDY_HEADER + "Leeds,Leeds,population,2021,1,,\n"),
                        2, "AREACD", "Leeds", "not a GSS area code"),
                Arguments.of("unknown-indicator", utf8(TIDY_HEADER + "E63000001,Town 1,populaton,2021,1,,\n"),
                        2, "Indicator", "populaton", "did you mean 'population'"),
                Arguments.of("not-a-number", utf8(TIDY_HEADER + "E63000001,Town 1,population,2021,12a,,\n"),
                        2, "Observation", "12a", "not a number"),
                Arguments.of("duplicate", utf8(TIDY_HEADER + OK_ROW + "E63000002,Town 2,population,2021,1,,\n" + OK_ROW),
                        4, "Indicator,AREACD,Period", "population,E63000001,2021", "duplicate"),
                Arguments.of("missing-column", utf8("AREACD,AREANM,Indicator,Observation\nE63000001,Town 1,population,1\n"),
                        1, "Period", null, "missing column Period"),
                Arguments.of("misnamed-column", utf8("Area CD,AREANM,Indicator,Period,Observation\nE63000001,T,population,2021,1\n"),
                        1, "AREACD", "Area CD", "misnamed column"),
                Arguments.of("bad-period", utf8(TIDY_HEADER + "E63000001,Town 1,population,2021-13,1,,\n"),
                        2, "Period", "2021-13", "period does not parse"),
                Arguments.of("bad-marking", utf8(TIDY_HEADER + "E63000001,Town 1,population,2021,,,?\n"),
                        2, "Observation Status", "?", "unknown data marking"),
                Arguments.of("empty-value", utf8(TIDY_HEADER + "E63000001,Town 1,population,2021,,,\n"),
                        2, "Observation", "", "empty value without a data marking"),
                Arguments.of("short-row", utf8(TIDY_HEADER + "E63000001,Town 1,population\n"),
                        2, null, "E63000001,Town 1,population", "row has 3 columns"),
                Arguments.of("bad-utf8", concat(utf8(TIDY_HEADER + OK_ROW + "E63000002,Town "),
                        new byte[]{(byte) 0xC3, 0x28}, utf8(",population,2021,1,,\n")),
                        3, null, null, "not valid UTF-8"),
                Arguments.of("utf16-bom", concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, TIDY_HEADER.getBytes(StandardCharsets.UTF_16LE)),
                        1, null, null, "UTF-16 byte order mark"),
                Arguments.of("empty", new byte[0], 1, null, null, "empty file"),
                Arguments.of("blank", utf8("\n \n"), 1, null, null, "empty file"),
                Arguments.of("header-only", utf8(TIDY_HEADER), 2, null, null, "no observations"),
                Arguments.of("not-v4", utf8("v4_x,Data Marking\n1,\n"), 1, "v4_x", "v4_x", "a V4 CSV starts with a v4_N column"),
                Arguments.of("v4-too-few-dims", utf8("v4_1,Data Marking,calendar-years,Time\n1,,2021,2021\n"),
                        1, null, "v4_1,Data Marking,calendar-years,Time", "code/label pairs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReleases")
    void refusedWithAProblemDocumentAndNothingPublished(String name, byte[] body, int line, String column, String value,
                                                         String reason) {
        String dataset = "bad-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = publisher().contentType("text/csv").body(body)
                .queryParam("dataset", dataset).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).endsWith("/invalid-release");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(422);
        assertThat(r.jsonPath().getString("problems[0].reason")).as(r.asString()).contains(reason);
        if (line >= 0) {
            assertThat(r.jsonPath().getInt("problems[0].line")).isEqualTo(line);
        } else {
            assertThat(r.jsonPath().getInt("problems[0].line")).isGreaterThanOrEqualTo(2);
        }
        assertThat(r.jsonPath().getString("problems[0].column")).isEqualTo(column);
        if (value != null) {
            assertThat(r.jsonPath().getString("problems[0].value")).isEqualTo(value);
        }
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).isEmpty();
    }

    @Test
    void problemsAreCappedButCounted() {
        StringBuilder csv = new StringBuilder(TIDY_HEADER);
        for (int i = 0; i < 250; i++) {
            csv.append("E63000001,Town 1,population,").append(1800 + i).append(",n/a,,\n");
        }
        Response r = publisher().contentType("text/csv").body(csv.toString())
                .queryParam("dataset", "many-" + UUID.randomUUID()).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.jsonPath().getList("problems")).hasSize(100);
        assertThat(r.jsonPath().getLong("problemCount")).isEqualTo(250);
    }

    @Test
    void missingMetadataIsAProblemToo() {
        Response r = publisher().contentType("text/csv").body(TIDY_HEADER + OK_ROW).post("/releases");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.jsonPath().getList("problems.column", String.class)).contains("dataset", "edition", "version");
    }

    @Test
    void aUtf8ByteOrderMarkIsAcceptedAndDropped() {
        String dataset = "bom-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = publisher().contentType("text/csv").body(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        utf8(TIDY_HEADER + OK_ROW)))
                .queryParam("dataset", dataset).queryParam("edition", "2021").queryParam("version", 1)
                .post("/releases");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(ReleaseTopic.of(dataset + "/2021/1")).hasSize(3);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
