package io.resilienceradar.ingest;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Small releases for the tests: a register of ten towns and tidy CSVs over them. */
public final class TestData {
    public static final String TIDY_HEADER = "AREACD,AREANM,Indicator,Period,Observation,Unit,Observation Status\n";

    public static String town(int i) {
        return String.format("E630%05d", i);
    }

    /** A register release (kind register): ten towns E63000001..E63000010 with their names as text values. */
    public static String register() {
        return TIDY_HEADER + IntStream.rangeClosed(1, 10)
                .mapToObj(i -> town(i) + ",Town " + i + ",name,2022,Town " + i + ",,\n").collect(Collectors.joining());
    }

    public static String tidy(String indicator, String period, double base) {
        return TIDY_HEADER + IntStream.rangeClosed(1, 10)
                .mapToObj(i -> town(i) + ",Town " + i + "," + indicator + "," + period + "," + (base + i) + ",count,\n")
                .collect(Collectors.joining());
    }

    public static String token(String role) {
        return Jwt.upn("alice").groups(role).sign();
    }

    public static RequestSpecification publisher() {
        return RestAssured.given().auth().oauth2(token("publisher"));
    }

    /** Makes sure the test register is accepted (identical re-posts are no-ops). */
    public static void ensureRegister() {
        publisher().contentType("text/csv").body(register())
                .queryParam("dataset", "test-towns").queryParam("edition", "2022").queryParam("version", 1)
                .queryParam("kind", "register").queryParam("synthetic", true)
                .post("/releases").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 202));
    }

    private TestData() {
    }
}
