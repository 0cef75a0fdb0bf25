package cn.chengyu.pass.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Sites, cards and scans for admission tests; every test makes its own. */
public final class GateFixtures {

    private GateFixtures() {
    }

    /** A new open site with these hours and capacity; answers its code. */
    public static String newSite(int capacity, String opens, String closes, String status) {
        String code = "gt-" + UUID.randomUUID().toString().substring(0, 12);
        putSite(code, capacity, opens, closes, status, 201);
        return code;
    }

    /** Creates (201) or replaces (200) a gate test site with one day session. */
    public static void putSite(String code, int capacity, String opens, String closes, String status, int expected) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", Map.of("zh", "测试门", "en", "Gate test"), "city", "Leshan", "province", "SICHUAN",
                        "location", Map.of("lat", 29.55, "lon", 103.77),
                        "openingHours", Map.of("opens", opens, "closes", closes),
                        "dailyCapacity", capacity, "status", status))
                .when().put("/api/v1/sites/" + code).then().statusCode(expected);
    }

    public static String newSite(int capacity) {
        return newSite(capacity, "00:00", "23:59", "OPEN");
    }

    /** A fresh card: its holder, id and number. */
    public record TestCard(String holder, String id, String number) {
    }

    public static TestCard newCard(String product) {
        String holder = CardFixtures.newHolder();
        String id = CardFixtures.issue(holder, CardFixtures.body(product, "游客", TestIds.adult()), UUID.randomUUID().toString())
                .statusCode(201).extract().path("id");
        String number = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + id)
                .then().statusCode(200).extract().path("number");
        return new TestCard(holder, id, number);
    }

    public static String passOf(TestCard card) {
        return given().auth().oauth2(TestTokens.holder(card.holder())).when().post("/api/v1/cards/" + card.id() + "/passes")
                .then().statusCode(201).extract().path("token");
    }

    public static Map<String, Object> byNumber(String number) {
        return scan("cardNumber", number, null);
    }

    public static Map<String, Object> scan(String field, String value, Instant scannedAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("entryId", UUID.randomUUID().toString());
        body.put(field, value);
        if (scannedAt != null) {
            body.put("scannedAt", scannedAt.toString());
        }
        return body;
    }

    public static ValidatableResponse post(String site, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.gate("gate-of-" + site, site)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites/" + site + "/entries").then();
    }

    public static ValidatableResponse postBatch(String site, Object body) {
        return given().auth().oauth2(TestTokens.gate("gate-of-" + site, site)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites/" + site + "/entries/batch").then();
    }
}
