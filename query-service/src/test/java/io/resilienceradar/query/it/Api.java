package io.resilienceradar.query.it;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import static io.restassured.RestAssured.given;

/** Bearer tokens signed with the test JVM's key (from RadarInfraResource). */
final class Api {
    private Api() {
    }

    static String token(String user, String... groups) {
        return Jwt.upn(user).groups(java.util.Set.of(groups)).sign();
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(token(user, "subscriber"));
    }
}
