package io.resilienceradar.query.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = io.resilienceradar.local.RadarInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "query"))
class SubscriptionSecurityTest {

    private static Map<String, Object> body(String url, Map<String, Object> filter) {
        return Map.of("callbackUrl", url, "filter", filter);
    }

    @Test
    void managingSubscriptionsNeedsASubscriberToken() {
        given().get("/subscriptions").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-jwt").get("/subscriptions").then().statusCode(401);
        given().auth().oauth2(Api.token("pat", "publisher")).get("/subscriptions").then().statusCode(403)
                .contentType("application/problem+json");
        // reads of profiles stay public
        given().get("/towns").then().statusCode(200);
    }

    @Test
    void eachCallerSeesOnlyItsOwnSubscriptions() {
        JsonPath erin = Api.as("erin").contentType("application/json")
                .body(body("http://127.0.0.1:9/erin", Map.of("characteristics", List.of("G"))))
                .post("/subscriptions").then().statusCode(201).header("Location", containsString("/subscriptions/"))
                .extract().jsonPath();
        String id = erin.getString("id");
        Api.as("erin").get("/subscriptions/" + id).then().statusCode(200)
                .body("callbackUrl", equalTo("http://127.0.0.1:9/erin"))
                .body("secret", org.hamcrest.Matchers.nullValue());
        assertThat(Api.as("erin").get("/subscriptions").jsonPath().getList("id")).contains(id);

        Api.as("frank").get("/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        Api.as("frank").get("/subscriptions/" + id + "/deliveries").then().statusCode(404);
        Api.as("frank").delete("/subscriptions/" + id).then().statusCode(404);
        assertThat(Api.as("frank").get("/subscriptions").jsonPath().getList("id")).doesNotContain(id);

        Api.as("erin").delete("/subscriptions/" + id).then().statusCode(204);
        Api.as("erin").get("/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void callbackUrlsAndFiltersAreValidated() {
        for (String url : List.of("ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/x", "http://10.0.0.1/x",
                "http://169.254.169.254/latest", "nonsense")) {
            Api.as("gina").contentType("application/json").body(body(url, Map.of())).post("/subscriptions")
                    .then().statusCode(422).contentType("application/problem+json").body("status", equalTo(422));
        }
        Api.as("gina").contentType("application/json")
                .body(body("http://127.0.0.1:9/gina", Map.of("transitions", List.of("EXPLODED"))))
                .post("/subscriptions").then().statusCode(422).body("detail", containsString("EXPLODED"));
        Api.as("gina").contentType("application/json").body("{not json").post("/subscriptions").then().statusCode(400);

        Map<String, Object> ok = body("http://127.0.0.1:9/gina", Map.of("transitions", List.of("gained")));
        Api.as("gina").contentType("application/json").body(ok).post("/subscriptions").then().statusCode(201)
                .body("filter.transitions", equalTo(List.of("GAINED")));
        Api.as("gina").contentType("application/json").body(ok).post("/subscriptions").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void requestBodiesAreBoundedAndWritesRateLimited() {
        String huge = "{\"callbackUrl\":\"http://127.0.0.1:9/" + "x".repeat(20_000) + "\"}";
        int status = Api.as("hank").contentType("application/json").body(huge).post("/subscriptions").statusCode();
        assertThat(status).isEqualTo(413);

        int limited = 0;
        for (int i = 0; i < 100 && limited == 0; i++) {
            int s = Api.as("ivan").contentType("application/json").body(body("ftp://x/" + i, Map.of()))
                    .post("/subscriptions").statusCode();
            if (s == 429) {
                limited = i;
            }
        }
        // 60 per minute, refilled continuously: refused once the burst of 60 is spent (a token or two may refill meanwhile)
        assertThat(limited).as("index of the first refused write").isBetween(60, 70);
    }
}
