package cn.chengyu.pass.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Issues cards through the API for tests, each with its own holder and ID number. */
public final class CardFixtures {

    private CardFixtures() {
    }

    public static String newHolder() {
        return "holder-" + UUID.randomUUID();
    }

    public static Map<String, Object> body(String product, String name, String idNumber) {
        Map<String, Object> body = new HashMap<>();
        body.put("productCode", product);
        body.put("holder", Map.of("name", name, "idNumber", idNumber));
        return body;
    }

    public static ValidatableResponse issue(String holder, Map<String, Object> body, String key) {
        return given().auth().oauth2(TestTokens.holder(holder)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/cards").then();
    }

    /** A fresh ANNUAL card of {@code holder}; answers its id. */
    public static String issuedCard(String holder) {
        return issue(holder, body("ANNUAL", "杜甫", TestIds.adult()), UUID.randomUUID().toString())
                .statusCode(201).extract().path("id");
    }
}
