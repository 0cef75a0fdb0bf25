package cn.chengyu.pass.support;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * For every operation of the API (keyed "METHOD /path/{template}" as the OpenAPI document names
 * it), a request that succeeds for the caller it is made for, on fresh data where the operation
 * changes something. The authorization matrix and the fuzz test both start from these.
 */
public final class ApiExamples {

    /** The people and machines the examples act for. */
    public enum Caller {
        ANONYMOUS(null), HOLDER("holder"), OTHER_HOLDER("holder"), GATE("gate"), GATE_OF_ANOTHER_SITE("gate"),
        OPERATOR("operator"), OTHER_OPERATOR("operator"), PARTNER("partner"), PARTNER_OF_ANOTHER_SITE("partner"), ADMIN("admin");

        public final String role;

        Caller(String role) {
            this.role = role;
        }
    }

    /** A concrete request: its path, body (or null), headers, and a check that nothing changed if it was refused. */
    public record Example(String method, String path, Object body, Map<String, String> headers, Runnable unchanged) {

        public Response send(String token) {
            return send(token, body == null ? null : body);
        }

        public Response send(String token, Object otherBody) {
            RequestSpecification request = given().contentType(ContentType.JSON).headers(headers);
            if (token != null) {
                request = request.auth().oauth2(token);
            }
            if (otherBody instanceof byte[] bytes) {
                request = request.body(bytes);
            } else if (otherBody != null) {
                request = request.body(otherBody);
            }
            return request.when().request(method, path);
        }
    }

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String holderIdNumber = TestIds.adult();
    private final String otherHolderIdNumber = TestIds.adult();
    private final String holder = "matrix-holder-" + run;
    private final String otherHolder = "matrix-other-holder-" + run;
    private final String operator = "matrix-operator-" + run;
    private final String otherOperator = "matrix-other-operator-" + run;
    private final String site;
    private final AtomicInteger tariffs = new AtomicInteger(new SecureRandom().nextInt(20_000));
    private final AtomicInteger closes = new AtomicInteger();
    private final String otherSite;
    private String sharedCard;
    private String sharedCardNumber;

    public ApiExamples() {
        this.site = GateFixtures.newSite(100_000);
        this.otherSite = GateFixtures.newSite(100_000);
    }

    public String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case HOLDER -> TestTokens.verifiedHolder(holder, "李白", holderIdNumber);
            case OTHER_HOLDER -> TestTokens.verifiedHolder(otherHolder, "杜甫", otherHolderIdNumber);
            case GATE -> TestTokens.gate("matrix-gate-" + run, site);
            case GATE_OF_ANOTHER_SITE -> TestTokens.gate("matrix-other-gate-" + run, otherSite);
            case OPERATOR -> TestTokens.operator(operator);
            case OTHER_OPERATOR -> TestTokens.operator(otherOperator);
            case PARTNER -> TestTokens.partner("matrix-partner-" + run, site);
            case PARTNER_OF_ANOTHER_SITE -> TestTokens.partner("matrix-other-partner-" + run, otherSite);
            case ADMIN -> TestTokens.admin();
        };
    }

    /** The example of one operation, or null when there is none (a new operation the tests must learn). */
    public Example of(String method, String template, Caller caller) {
        Supplier<Example> example = switch (method + " " + template) {
            case "GET /api/v1/cards" -> () -> get("/api/v1/cards");
            case "POST /api/v1/cards" -> () -> issue(caller);
            case "GET /api/v1/cards/{id}" -> () -> get("/api/v1/cards/" + sharedCard());
            case "GET /api/v1/cards/{id}/entries" -> () -> get("/api/v1/cards/" + sharedCard() + "/entries");
            case "POST /api/v1/cards/{id}/passes" -> () -> cardAction(freshCard(), "passes");
            case "POST /api/v1/cards/{id}/suspend" -> () -> cardAction(freshCard(), "suspend");
            case "POST /api/v1/cards/{id}/reinstate" -> () -> cardAction(suspendedCard(), "reinstate");
            case "POST /api/v1/cards/{id}/replace" -> () -> cardAction(freshCard(), "replace");
            case "POST /api/v1/cards/{id}/revoke" -> () -> cardAction(freshCard(), "revoke");
            case "GET /api/v1/cards/{id}/reservations" -> () -> get("/api/v1/cards/" + sharedCard() + "/reservations");
            case "POST /api/v1/cards/{id}/reservations" -> this::book;
            case "POST /api/v1/cards/{id}/reservations/{reservation}/cancel" -> this::cancelBooking;
            case "GET /api/v1/cards/{id}/journeys" -> () -> get("/api/v1/cards/" + sharedCard() + "/journeys");
            case "POST /api/v1/cards/{id}/journeys/{route}/certificate" -> this::certificate;
            case "GET /api/v1/routes/{code}/live" -> () -> get("/api/v1/routes/liquor-culture/live");
            case "GET /api/v1/sites/{code}/tariffs" -> () -> get("/api/v1/sites/" + site + "/tariffs");
            case "PUT /api/v1/sites/{code}/tariffs/{effectiveFrom}" -> this::putTariff;
            case "GET /api/v1/settlement/statements/{month}" -> () -> get("/api/v1/settlement/statements/"
                    + YearMonth.from(TestClock.today()) + "?site=" + site);
            case "GET /api/v1/settlement/statements/{month}/lines" -> () -> get("/api/v1/settlement/statements/"
                    + YearMonth.from(TestClock.today()) + "/lines?site=" + site);
            case "GET /api/v1/settlement/clearing/{month}" -> () -> get("/api/v1/settlement/clearing/" + YearMonth.from(TestClock.today()));
            case "POST /api/v1/settlement/lines/{entryId}/resolve" -> this::resolveDispute;
            case "POST /api/v1/settlement/periods/{month}/close" -> this::closeMonth;
            case "GET /api/v1/gates/denylist" -> () -> get("/api/v1/gates/denylist?since=0");
            case "GET /api/v1/pass-keys" -> () -> get("/api/v1/pass-keys");
            case "GET /api/v1/products" -> () -> get("/api/v1/products");
            case "GET /api/v1/routes" -> () -> get("/api/v1/routes?theme=LIQUOR_CULTURE");
            case "GET /api/v1/routes/hot" -> () -> get("/api/v1/routes/hot?limit=5");
            case "GET /api/v1/routes/{code}" -> () -> get("/api/v1/routes/liquor-culture");
            case "GET /api/v1/routes/{code}/itinerary" -> () -> get("/api/v1/routes/historical-culture/itinerary");
            case "POST /api/v1/routes" -> this::createRoute;
            case "PUT /api/v1/routes/{code}/draft" -> () -> routeAction(draftRoute(), "draft", routeContent("Edited"));
            case "POST /api/v1/routes/{code}/publish" -> () -> routeAction(draftRoute(), "publish", null);
            case "POST /api/v1/routes/{code}/retire" -> () -> routeAction(publishedRoute(), "retire", null);
            case "GET /api/v1/sites" -> () -> get("/api/v1/sites?province=SICHUAN&size=5");
            case "GET /api/v1/sites/{code}" -> () -> get("/api/v1/sites/cq-hongyadong");
            case "PUT /api/v1/sites/{code}" -> this::putSite;
            case "GET /api/v1/sites/{code}/occupancy" -> () -> get("/api/v1/sites/cq-dazu/occupancy");
            case "GET /api/v1/sites/{code}/sessions" -> () -> get("/api/v1/sites/cq-hongyadong/sessions");
            case "GET /api/v1/sites/{code}/reservations" -> () -> get("/api/v1/sites/" + site + "/reservations?since=0");
            case "POST /api/v1/sites/{code}/entries" -> this::scan;
            case "POST /api/v1/sites/{code}/entries/batch" -> this::batch;
            default -> null;
        };
        return example == null ? null : example.get();
    }

    private static Example get(String path) {
        return new Example("GET", path, null, Map.of(), null);
    }

    /** An admin names the holder and the owner; an app user is issued a card in its verified name. */
    private Example issue(Caller caller) {
        Map<String, Object> body = new HashMap<>(Map.of("productCode", "ANNUAL"));
        if (caller == Caller.ADMIN) {
            body.put("holder", Map.of("name", "李白", "idNumber", TestIds.adult()));
            body.put("ownerSubject", holder);
        }
        return new Example("POST", "/api/v1/cards", body, Map.of("Idempotency-Key", UUID.randomUUID().toString()), null);
    }

    private Example cardAction(String card, String action) {
        Object body = action.equals("suspend") ? Map.of("reason", "Reported lost at a service counter") : null;
        return new Example("POST", "/api/v1/cards/" + card + "/" + action, body, Map.of(), () -> {
            String status = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + card)
                    .then().statusCode(200).extract().path("status");
            if (!List.of("ISSUED", "SUSPENDED").contains(status)) {
                throw new AssertionError("card " + card + " changed to " + status + " by a refused " + action);
            }
        });
    }

    private synchronized String sharedCard() {
        if (sharedCard == null) {
            sharedCard = freshCard();
            sharedCardNumber = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + sharedCard)
                    .then().statusCode(200).extract().path("number");
        }
        return sharedCard;
    }

    private String freshCard() {
        return CardFixtures.issue(holder, CardFixtures.body("PASS_72H", "李白", TestIds.adult()), UUID.randomUUID().toString())
                .statusCode(201).extract().path("id");
    }

    private String suspendedCard() {
        String card = freshCard();
        given().auth().oauth2(TestTokens.holder(holder)).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200);
        return card;
    }

    private static Map<String, Object> routeContent(String english) {
        Map<String, Object> body = new HashMap<>();
        body.put("theme", "HISTORICAL_CULTURE");
        body.put("name", Map.of("zh", "矩阵路线", "en", english));
        body.put("description", "A route of the authorization matrix");
        body.put("stops", List.of(Map.of("siteCode", "cq-ciqikou", "day", 1, "note", "old town"),
                Map.of("siteCode", "cd-dufu", "day", 2)));
        return body;
    }

    /** A fresh card admitted at the one stop of a fresh published route, which it may then have a certificate of. */
    private Example certificate() {
        String card = freshCard();
        String number = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + card)
                .then().statusCode(200).extract().path("number");
        Map<String, Object> body = routeContent("Matrix journey");
        String route = "mx-" + UUID.randomUUID().toString().substring(0, 12);
        body.put("code", route);
        body.put("stops", List.of(Map.of("siteCode", site, "day", 1)));
        given().auth().oauth2(TestTokens.operator(operator)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/routes").then().statusCode(201);
        given().auth().oauth2(TestTokens.operator(operator)).when().post("/api/v1/routes/" + route + "/publish").then().statusCode(200);
        given().auth().oauth2(token(Caller.GATE)).contentType(ContentType.JSON)
                .body(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", number))
                .when().post("/api/v1/sites/" + site + "/entries").then().statusCode(201).body("decision", equalTo("ADMITTED"));
        return new Example("POST", "/api/v1/cards/" + card + "/journeys/" + route + "/certificate", null, Map.of(), null);
    }

    /** A version of the matrix site's tariff far ahead, so that nothing has priced it. */
    private Example putTariff() {
        LocalDate from = LocalDate.of(2100, 1, 1).plusDays(tariffs.incrementAndGet());
        Map<String, Integer> rates = Map.of("ADULT", 1500, "SENIOR", 800, "MINOR", 800);
        return new Example("PUT", "/api/v1/sites/" + site + "/tariffs/" + from, Map.of("rates", Map.of("ANNUAL", rates)), Map.of(),
                () -> given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/sites/" + site + "/tariffs")
                        .then().statusCode(200).body("effectiveFrom", not(hasItem(from.toString()))));
    }

    /** A card scanned twice offline at the matrix site: the second admission breaks the once-a-site rule, a disputed line. */
    private Example resolveDispute() {
        String card = freshCard();
        String number = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + card)
                .then().statusCode(200).extract().path("number");
        String second = UUID.randomUUID().toString();
        String at = TestClock.now().minusSeconds(60).toString();
        given().auth().oauth2(token(Caller.GATE)).contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", number, "scannedAt", at),
                        Map.of("entryId", second, "cardNumber", number, "scannedAt", at))))
                .when().post("/api/v1/sites/" + site + "/entries/batch").then().statusCode(200)
                .body("results[1].conflict", equalTo("ALREADY_ENTERED"));
        return new Example("POST", "/api/v1/settlement/lines/" + second + "/resolve",
                Map.of("outcome", "ACCEPT", "note", "Checked with the site"), Map.of(), null);
    }

    /** A month long over that nothing was booked to, each time another. */
    private Example closeMonth() {
        YearMonth month = YearMonth.of(1000, 1).plusMonths(closes.incrementAndGet() + new SecureRandom().nextInt(10_000));
        return new Example("POST", "/api/v1/settlement/periods/" + month + "/close", null, Map.of(), null);
    }

    private Example createRoute() {
        Map<String, Object> body = routeContent("Matrix");
        body.put("code", "mx-" + UUID.randomUUID().toString().substring(0, 12));
        return new Example("POST", "/api/v1/routes", body, Map.of(), null);
    }

    private String draftRoute() {
        Example create = createRoute();
        create.send(TestTokens.operator(operator)).then().statusCode(201);
        return (String) ((Map<?, ?>) create.body()).get("code");
    }

    private String publishedRoute() {
        String code = draftRoute();
        given().auth().oauth2(TestTokens.operator(operator)).when().post("/api/v1/routes/" + code + "/publish").then().statusCode(200);
        return code;
    }

    private Example routeAction(String code, String action, Object body) {
        String method = "draft".equals(action) ? "PUT" : "POST";
        String before = given().when().get("/api/v1/routes/" + code).then().extract().asString();
        return new Example(method, "/api/v1/routes/" + code + "/" + action, body, Map.of(), () -> {
            String after = given().when().get("/api/v1/routes/" + code).then().extract().asString();
            if (!before.equals(after)) {
                throw new AssertionError("route " + code + " changed by a refused " + action);
            }
        });
    }

    private Example putSite() {
        String code = "mx-" + UUID.randomUUID().toString().substring(0, 12);
        Map<String, Object> body = Map.of("name", Map.of("zh", "矩阵", "en", "Matrix"), "city", "Leshan", "province", "SICHUAN",
                "location", Map.of("lat", 29.55, "lon", 103.77), "openingHours", Map.of("opens", "08:00", "closes", "18:00"),
                "dailyCapacity", 500, "status", "OPEN");
        return new Example("PUT", "/api/v1/sites/" + code, body, Map.of(),
                () -> given().when().get("/api/v1/sites/" + code).then().statusCode(404));
    }

    private Example scan() {
        sharedCard();
        String entryId = UUID.randomUUID().toString();
        return new Example("POST", "/api/v1/sites/" + site + "/entries", Map.of("entryId", entryId, "cardNumber", sharedCardNumber),
                Map.of(), () -> noEntry(entryId));
    }

    private Example batch() {
        sharedCard();
        String entryId = UUID.randomUUID().toString();
        Map<String, Object> item = Map.of("entryId", entryId, "cardNumber", sharedCardNumber,
                "scannedAt", TestClock.now().minusSeconds(120).toString());
        return new Example("POST", "/api/v1/sites/" + site + "/entries/batch", Map.of("entries", List.of(item)), Map.of(),
                () -> noEntry(entryId));
    }

    private void noEntry(String entryId) {
        List<String> seen = given().auth().oauth2(TestTokens.holder(holder)).when()
                .get("/api/v1/cards/" + sharedCard + "/entries?size=100").then().statusCode(200).extract().path("items.entryId");
        if (seen.contains(entryId)) {
            throw new AssertionError("entry " + entryId + " was recorded by a refused request");
        }
    }

    /** A booking of tomorrow's session: it can still be cancelled. */
    private Map<String, Object> booking() {
        return Map.of("site", site, "date", TestClock.today().plusDays(1).toString(), "session", "day");
    }

    private Example book() {
        String card = freshCard();
        return new Example("POST", "/api/v1/cards/" + card + "/reservations", booking(), Map.of(),
                () -> reservationStatuses(card, List.of()));
    }

    private Example cancelBooking() {
        String card = freshCard();
        String reservation = given().auth().oauth2(TestTokens.holder(holder)).contentType(ContentType.JSON).body(booking())
                .when().post("/api/v1/cards/" + card + "/reservations").then().statusCode(201).extract().path("id");
        return new Example("POST", "/api/v1/cards/" + card + "/reservations/" + reservation + "/cancel", null, Map.of(),
                () -> reservationStatuses(card, List.of("BOOKED")));
    }

    private void reservationStatuses(String card, List<String> expected) {
        List<String> statuses = given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards/" + card + "/reservations")
                .then().statusCode(200).extract().path("status");
        if (!statuses.equals(expected)) {
            throw new AssertionError("the reservations of card " + card + " changed to " + statuses + " by a refused request");
        }
    }
}
