package cn.chengyu.pass.card;

import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.chengyu.pass.support.CardFixtures.body;
import static cn.chengyu.pass.support.CardFixtures.issue;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CardResourceTest {

    @Inject
    AgroalDataSource database;

    @Test
    void holderIssuesACardToItself() {
        String holder = newHolder();
        String id = TestIds.bornOn(java.time.LocalDate.of(1985, 3, 14));
        issue(holder, body("ANNUAL", "李清照", id), "first")
                .statusCode(201)
                .body("number", matchesPattern("^[0-9]{16}$"))
                .body("productCode", equalTo("ANNUAL"))
                .body("status", equalTo("ISSUED"))
                .body("category", equalTo("ADULT"))
                .body("holder.name", equalTo("李清照"))
                .body("holder.idNumberMasked", equalTo(id.substring(0, 3) + "***********" + id.substring(14)))
                .body("activatedAt", nullValue())
                .body("validUntil", nullValue());
        given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].holder.name", equalTo("李清照"));
    }

    @Test
    void categoryComesFromTheBirthDate() {
        String holder = newHolder();
        issue(holder, body("ANNUAL", "A", TestIds.adult()), "a").statusCode(201).body("category", equalTo("ADULT"));
        issue(holder, body("ANNUAL", "S", TestIds.senior()), "s").statusCode(201).body("category", equalTo("SENIOR"));
        issue(holder, body("ANNUAL", "M", TestIds.minor()), "m").statusCode(201).body("category", equalTo("MINOR"));
        String endingInX = TestIds.endingInX();
        issue(holder, body("PASS_72H", "X", endingInX), "x").statusCode(201)
                .body("holder.idNumberMasked", equalTo(endingInX.substring(0, 3) + "***********" + endingInX.substring(14)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-check", "19990230", "future", "17-chars", "letters", "blank"})
    void invalidIdNumberIsRefusedAndIssuesNothing(String fault) {
        String valid = TestIds.adult();
        String raw = switch (fault) {
            case "wrong-check" -> TestIds.withWrongCheck(valid);
            case "19990230" -> withCheck("110105" + "19990230" + "123");
            case "future" -> withCheck("110105" + TestClock.today().plusYears(1).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + "123");
            case "17-chars" -> valid.substring(0, 17);
            case "letters" -> "11010A19491231002X";
            default -> " ";
        };
        String holder = newHolder();
        assertProblem(issue(holder, body("ANNUAL", "Bad", raw), "bad-" + fault), 400)
                .body("errors[0].field", equalTo("holder.idNumber"));
        given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards")
                .then().statusCode(200).body("total", equalTo(0));
    }

    private static String withCheck(String body) {
        return body + TestIds.check(body);
    }

    @Test
    void unknownProductIsRefused() {
        assertProblem(issue(newHolder(), body("MONTHLY", "X", TestIds.adult()), "p"), 400)
                .body("errors[0].field", equalTo("productCode"));
    }

    @Test
    void secondLiveCardOfAProductConflicts() {
        String holder = newHolder();
        String id = TestIds.adult();
        issue(holder, body("ANNUAL", "王维", id), "one").statusCode(201);
        assertProblem(issue(holder, body("ANNUAL", "王维", id), "two"), 409);
        assertProblem(issue(newHolder(), body("ANNUAL", "王维", id), "three"), 409);
        issue(holder, body("PASS_72H", "王维", id), "four").statusCode(201);
    }

    @Test
    void sameKeyAndBodyAnswersTheStoredAnswer() {
        String holder = newHolder();
        Map<String, Object> request = body("ANNUAL", "苏轼", TestIds.adult());
        ExtractableResponse<Response> first = issue(holder, request, "retry-me").statusCode(201).extract();
        ExtractableResponse<Response> again = issue(holder, request, "retry-me").statusCode(201).extract();
        assertEquals(first.asString(), again.asString());
        assertEquals(1, cardsOwnedBy(holder));
    }

    @Test
    void storedProblemIsAnsweredAgain() {
        String holder = newHolder();
        Map<String, Object> request = body("ANNUAL", "Bad", TestIds.withWrongCheck(TestIds.adult()));
        String first = assertProblem(issue(holder, request, "bad-retry"), 400).extract().asString();
        String again = assertProblem(issue(holder, request, "bad-retry"), 400).extract().asString();
        assertEquals(first, again);
    }

    @Test
    void sameKeyWithAnotherBodyIsUnprocessable() {
        String holder = newHolder();
        issue(holder, body("ANNUAL", "白居易", TestIds.adult()), "reused").statusCode(201);
        assertProblem(issue(holder, body("ANNUAL", "白居易", TestIds.adult()), "reused"), 422);
        assertEquals(1, cardsOwnedBy(holder));
    }

    @Test
    void keysBelongToTheirCaller() {
        String key = "shared-" + UUID.randomUUID();
        String first = issue(newHolder(), body("ANNUAL", "A", TestIds.adult()), key).statusCode(201).extract().path("id");
        String second = issue(newHolder(), body("ANNUAL", "B", TestIds.adult()), key).statusCode(201).extract().path("id");
        assertTrue(!first.equals(second));
    }

    @Test
    void tenConcurrentRequestsWithOneKeyIssueOneCard() throws Exception {
        String holder = newHolder();
        Map<String, Object> request = body("ANNUAL", "陆游", TestIds.adult());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> issue(holder, request, "burst").extract());
            }
            List<ExtractableResponse<Response>> answers = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
            String created = null;
            for (ExtractableResponse<Response> answer : answers) {
                assertTrue(answer.statusCode() == 201 || answer.statusCode() == 409, answer.asString());
                if (answer.statusCode() == 201) {
                    String id = answer.path("id");
                    assertTrue(created == null || created.equals(id), "two different cards answered");
                    created = id;
                } else {
                    assertEquals("urn:chengyu-pass:problem:idempotency-key-in-flight", answer.path("type"));
                }
            }
            assertTrue(created != null);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, cardsOwnedBy(holder));
        issue(holder, request, "burst").statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "ünïcode"})
    void badIdempotencyKeyIsRefused(String key) {
        String holder = newHolder();
        var request = given().auth().oauth2(TestTokens.holder(holder)).contentType(ContentType.JSON)
                .body(body("ANNUAL", "X", TestIds.adult()));
        if (!key.isEmpty()) {
            request = request.header("Idempotency-Key", key);
        }
        assertProblem(request.when().post("/api/v1/cards").then(), 400).body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, cardsOwnedBy(holder));
    }

    @Test
    void overlongIdempotencyKeyIsRefused() {
        assertProblem(issue(newHolder(), body("ANNUAL", "X", TestIds.adult()), "k".repeat(101)), 400);
    }

    @Test
    void adminIssuesForAnAppUser() {
        String owner = newHolder();
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID())
                .body(Map.of("productCode", "PASS_72H", "ownerSubject", owner,
                        "holder", Map.of("name", "孟浩然", "idNumber", TestIds.adult())))
                .when().post("/api/v1/cards")
                .then().statusCode(201).body("productCode", equalTo("PASS_72H"));
        given().auth().oauth2(TestTokens.holder(owner)).when().get("/api/v1/cards")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void adminMustNameTheOwner() {
        assertProblem(given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "x")
                .body(body("ANNUAL", "X", TestIds.adult())).when().post("/api/v1/cards").then(), 400)
                .body("errors[0].field", equalTo("ownerSubject"));
    }

    @Test
    void holderCannotIssueForSomeoneElse() {
        Map<String, Object> request = body("ANNUAL", "X", TestIds.adult());
        request.put("ownerSubject", "someone-else");
        assertProblem(issue(newHolder(), request, "other"), 400).body("errors[0].field", equalTo("ownerSubject"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gate", "operator", "anonymous"})
    void othersCannotIssueCards(String role) {
        var request = given().contentType(ContentType.JSON).header("Idempotency-Key", "k").body(body("ANNUAL", "X", TestIds.adult()));
        if (role.equals("gate")) {
            request = request.auth().oauth2(TestTokens.gate("gate-1", "cq-dazu"));
        } else if (role.equals("operator")) {
            request = request.auth().oauth2(TestTokens.operator("op-1"));
        }
        assertProblem(request.when().post("/api/v1/cards").then(), role.equals("anonymous") ? 401 : 403);
    }

    @Test
    void unknownFieldInCardRequestIsRefused() {
        Map<String, Object> request = body("ANNUAL", "X", TestIds.adult());
        request.put("discount", 50);
        assertProblem(issue(newHolder(), request, "unknown"), 400).body("errors[0].field", equalTo("discount"));
    }

    private int cardsOwnedBy(String owner) {
        return Rows.count(database, "SELECT count(*) FROM card WHERE owner_subject = ?", owner);
    }
}
