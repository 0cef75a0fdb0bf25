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

    /**
     * Issues a card as {@code holder}, whose identity provider verified the person the body names
     * (or some adult, when the body names nobody).
     */
    public static ValidatableResponse issue(String holder, Map<String, Object> body, String key) {
        Object person = body.get("holder");
        Map<?, ?> named = person instanceof Map<?, ?> map ? map : Map.of();
        String name = named.get("name") instanceof String text ? text : "杜甫";
        String idNumber = named.get("idNumber") instanceof String text ? text : TestIds.adult();
        return issueWith(TestTokens.verifiedHolder(holder, name, idNumber), body, key);
    }

    /** Issues a card with this token. */
    public static ValidatableResponse issueWith(String token, Object body, String key) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/cards").then();
    }

    /** A fresh ANNUAL card of {@code holder}; answers its id. */
    public static String issuedCard(String holder) {
        return issue(holder, body("ANNUAL", "杜甫", TestIds.adult()), UUID.randomUUID().toString())
                .statusCode(201).extract().path("id");
    }
}
