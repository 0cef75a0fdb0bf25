package cn.chengyu.pass.card;

import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static cn.chengyu.pass.support.CardFixtures.body;
import static cn.chengyu.pass.support.CardFixtures.issue;
import static cn.chengyu.pass.support.CardFixtures.issuedCard;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every lifecycle transition, legal and illegal, and who may make it. */
@QuarkusTest
class CardLifecycleTest {

    @Inject
    AgroalDataSource database;

    private static ValidatableResponse act(String token, String cardId, String action) {
        var request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return switch (action) {
            case "get" -> request.when().get("/api/v1/cards/" + cardId).then();
            case "entries" -> request.when().get("/api/v1/cards/" + cardId + "/entries").then();
            case "suspend" -> request.contentType(ContentType.JSON).body(Map.of("reason", "Reported lost"))
                    .when().post("/api/v1/cards/" + cardId + "/suspend").then();
            default -> request.when().post("/api/v1/cards/" + cardId + "/" + action).then();
        };
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // action, caller, expected status
            "get, owner, 200", "get, other-holder, 404", "get, admin, 200", "get, gate, 403", "get, operator, 403", "get, anonymous, 401",
            "entries, owner, 200", "entries, other-holder, 404", "entries, admin, 200", "entries, gate, 403", "entries, anonymous, 401",
            "suspend, owner, 200", "suspend, other-holder, 404", "suspend, admin, 200", "suspend, gate, 403", "suspend, anonymous, 401",
            "replace, owner, 201", "replace, other-holder, 404", "replace, admin, 201", "replace, gate, 403", "replace, anonymous, 401",
            "revoke, owner, 403", "revoke, other-holder, 403", "revoke, admin, 200", "revoke, gate, 403", "revoke, anonymous, 401",
            "passes, owner, 201", "passes, other-holder, 404", "passes, admin, 403", "passes, gate, 403", "passes, anonymous, 401"})
    void rolesAgainstCardEndpoints(String action, String caller, int expected) {
        String owner = newHolder();
        String card = issuedCard(owner);
        String token = switch (caller) {
            case "owner" -> TestTokens.holder(owner);
            case "other-holder" -> TestTokens.holder(newHolder());
            case "admin" -> TestTokens.admin();
            case "gate" -> TestTokens.gate("gate-7", "cd-dufu");
            case "operator" -> TestTokens.operator("op-7");
            default -> null;
        };
        ValidatableResponse response = act(token, card, action);
        if (expected >= 400) {
            assertProblem(response, expected);
            given().auth().oauth2(TestTokens.holder(owner)).when().get("/api/v1/cards/" + card)
                    .then().statusCode(200).body("status", equalTo("ISSUED"));
        } else {
            response.statusCode(expected);
        }
    }

    @Test
    void reinstateIsForOwnerAndAdmin() {
        String owner = newHolder();
        String card = issuedCard(owner);
        act(TestTokens.holder(owner), card, "suspend").statusCode(200);
        assertProblem(act(TestTokens.holder(newHolder()), card, "reinstate"), 404);
        assertProblem(act(TestTokens.gate("g", "cd-dufu"), card, "reinstate"), 403);
        act(TestTokens.admin(), card, "reinstate").statusCode(200).body("status", equalTo("ISSUED"));
        act(TestTokens.holder(owner), card, "suspend").statusCode(200);
        act(TestTokens.holder(owner), card, "reinstate").statusCode(200).body("status", equalTo("ISSUED"));
    }

    @Test
    void suspendAndReinstateAnActiveCard() {
        String owner = newHolder();
        String card = issuedCard(owner);
        activate(card, TestClock.now().minus(1, ChronoUnit.DAYS));
        String holder = TestTokens.holder(owner);
        act(holder, card, "suspend").statusCode(200).body("status", equalTo("SUSPENDED"));
        assertProblem(act(holder, card, "suspend"), 409);
        assertProblem(act(holder, card, "passes"), 409);
        act(holder, card, "reinstate").statusCode(200).body("status", equalTo("ACTIVE"));
        assertProblem(act(holder, card, "reinstate"), 409);
    }

    @Test
    void issuedCardCannotBeReinstated() {
        String owner = newHolder();
        assertProblem(act(TestTokens.holder(owner), issuedCard(owner), "reinstate"), 409);
    }

    @Test
    void revokedCardIsFinal() {
        String owner = newHolder();
        String card = issuedCard(owner);
        act(TestTokens.admin(), card, "revoke").statusCode(200).body("status", equalTo("REVOKED"));
        for (String action : new String[] {"suspend", "reinstate", "replace", "revoke"}) {
            assertProblem(act(TestTokens.admin(), card, action), 409);
        }
        assertProblem(act(TestTokens.holder(owner), card, "passes"), 409);
    }

    @Test
    void suspendedCardCanBeRevoked() {
        String owner = newHolder();
        String card = issuedCard(owner);
        act(TestTokens.holder(owner), card, "suspend").statusCode(200);
        act(TestTokens.admin(), card, "revoke").statusCode(200).body("status", equalTo("REVOKED"));
    }

    @Test
    void replacementKeepsActivationValidityAndHistory() {
        String owner = newHolder();
        String old = issuedCard(owner);
        Instant activatedAt = TestClock.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        activate(old, activatedAt);
        recordVisit(old, "cd-wuhouci");
        String holder = TestTokens.holder(owner);
        String oldNumber = act(holder, old, "get").extract().path("number");
        act(holder, old, "suspend").statusCode(200);

        ValidatableResponse replaced = act(holder, old, "replace").statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .body("number", not(equalTo(oldNumber)))
                .body("activatedAt", equalTo(activatedAt.toString()))
                .body("validUntil", equalTo(activatedAt.plus(365, ChronoUnit.DAYS).toString()));
        String successor = replaced.extract().path("id");

        act(holder, old, "get").statusCode(200).body("status", equalTo("REPLACED")).body("replacedBy", equalTo(successor));
        act(holder, successor, "entries").statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].site", equalTo("cd-wuhouci"));
        for (String action : new String[] {"suspend", "reinstate", "replace", "revoke"}) {
            assertProblem(act(TestTokens.admin(), old, action), 409);
        }
        act(holder, successor, "passes").statusCode(201);
    }

    @Test
    void theAuthoritysSuspensionIsLiftedOnlyByTheAuthorityAndNotReplacedAway() {
        String owner = newHolder();
        String card = issuedCard(owner);
        String holder = TestTokens.holder(owner);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/cards/" + card + "/suspend").then(), 400)
                .body("errors[0].field", equalTo("reason"));
        act(TestTokens.admin(), card, "suspend").statusCode(200)
                .body("suspension.by", equalTo("AUTHORITY"))
                .body("suspension.reason", equalTo("Reported lost"))
                .body("suspension.at", notNullValue());
        assertProblem(act(holder, card, "reinstate"), 403).body("type", equalTo("urn:chengyu-pass:problem:suspended-by-authority"));
        assertProblem(act(holder, card, "replace"), 403).body("type", equalTo("urn:chengyu-pass:problem:suspended-by-authority"));
        act(holder, card, "get").statusCode(200).body("status", equalTo("SUSPENDED")).body("replacedBy", nullValue());
        act(TestTokens.admin(), card, "reinstate").statusCode(200).body("status", equalTo("ISSUED")).body("suspension", nullValue());
    }

    @Test
    void theAuthorityTakesOverAHoldersSuspensionWhichTheHolderThenCannotLift() {
        String owner = newHolder();
        String card = issuedCard(owner);
        String holder = TestTokens.holder(owner);
        given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200)
                .body("suspension.by", equalTo("HOLDER"));
        act(TestTokens.admin(), card, "suspend").statusCode(200)
                .body("suspension.by", equalTo("AUTHORITY")).body("suspension.reason", equalTo("Reported lost"));
        assertProblem(act(holder, card, "reinstate"), 403);
        assertProblem(act(TestTokens.admin(), card, "suspend"), 409);
    }

    @Test
    void aHoldersOwnSuspensionSaysSoAndTheHolderLiftsIt() {
        String owner = newHolder();
        String card = issuedCard(owner);
        String holder = TestTokens.holder(owner);
        given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200)
                .body("suspension.by", equalTo("HOLDER")).body("suspension.reason", nullValue());
        act(holder, card, "reinstate").statusCode(200).body("suspension", nullValue());
    }

    /**
     * A first admission activates the card while a replacement of it is under way: the replacement
     * must see the activation (same validity), not issue a card with a fresh activation window.
     */
    @Test
    void aReplacementWaitsForAnActivationOfTheOldCard() throws Exception {
        String owner = newHolder();
        String card = issuedCard(owner);
        Instant activatedAt = TestClock.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        CompletableFuture<Response> replaced;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            // The admission's transaction: it holds the card's row while it activates it.
            try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM card WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, card);
                lock.executeQuery().close();
            }
            replaced = CompletableFuture.supplyAsync(() -> given().auth().oauth2(TestTokens.holder(owner))
                    .when().post("/api/v1/cards/" + card + "/replace").andReturn());
            awaitAWaitingLock(connection);
            try (PreparedStatement activate = connection.prepareStatement(
                    "UPDATE card SET status = 'ACTIVE', activated_at = ?, valid_until = ? WHERE id = ?::uuid")) {
                activate.setTimestamp(1, Timestamp.from(activatedAt));
                activate.setTimestamp(2, Timestamp.from(activatedAt.plus(365, ChronoUnit.DAYS)));
                activate.setString(3, card);
                activate.executeUpdate();
            }
            connection.commit();
        }
        Response successor = replaced.get(30, TimeUnit.SECONDS);
        assertEquals(201, successor.statusCode(), successor.asString());
        assertEquals("ACTIVE", successor.path("status"));
        assertEquals(activatedAt.toString(), successor.path("activatedAt"));
        assertEquals(activatedAt.plus(365, ChronoUnit.DAYS).toString(), successor.path("validUntil"));
    }

    /** Waits until another session waits for a lock this one holds (the replacement reached the card's row). */
    private static void awaitAWaitingLock(Connection connection) throws Exception {
        for (int i = 0; i < 500; i++) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
                rows.next();
                if (rows.getInt(1) > 0) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the replacement never waited for the card's row");
    }

    @Test
    void replacedCardFreesNoSecondLiveCard() {
        String owner = newHolder();
        String id = cn.chengyu.pass.support.TestIds.adult();
        String card = issue(owner, body("ANNUAL", "X", id), "r1").statusCode(201).extract().path("id");
        act(TestTokens.holder(owner), card, "replace").statusCode(201);
        assertProblem(issue(owner, body("ANNUAL", "X", id), "r2"), 409);
    }

    @Test
    void cardNeverActivatedInItsWindowReadsExpired() {
        String owner = newHolder();
        String id = cn.chengyu.pass.support.TestIds.adult();
        String card = issue(owner, body("ANNUAL", "X", id), "e1").statusCode(201).extract().path("id");
        update("UPDATE card SET issued_at = ?, activation_deadline = ? WHERE id = ?::uuid",
                TestClock.now().minus(200, ChronoUnit.DAYS), TestClock.now().minus(20, ChronoUnit.DAYS), card);
        String holder = TestTokens.holder(owner);
        act(holder, card, "get").statusCode(200).body("status", equalTo("EXPIRED"));
        assertProblem(act(holder, card, "passes"), 409);
        assertProblem(act(holder, card, "suspend"), 409);
        assertProblem(act(holder, card, "replace"), 409);
        assertProblem(act(TestTokens.admin(), card, "revoke"), 409);
        issue(owner, body("ANNUAL", "X", id), "e2").statusCode(201).body("status", equalTo("ISSUED"));
        act(holder, card, "get").statusCode(200).body("status", equalTo("EXPIRED"));
    }

    @Test
    void cardPastItsValidityReadsExpired() {
        String owner = newHolder();
        String card = issuedCard(owner);
        activate(card, TestClock.now().minus(400, ChronoUnit.DAYS));
        act(TestTokens.holder(owner), card, "get").statusCode(200).body("status", equalTo("EXPIRED"))
                .body("validUntil", notNullValue());
    }

    @Test
    void unknownCardIsNotFound() {
        assertProblem(act(TestTokens.admin(), UUID.randomUUID().toString(), "get"), 404);
        assertProblem(act(TestTokens.admin(), UUID.randomUUID().toString(), "suspend"), 404);
    }

    private void activate(String card, Instant at) {
        update("UPDATE card SET status = 'ACTIVE', activated_at = ?, valid_until = ? WHERE id = ?::uuid",
                at, at.plus(365, ChronoUnit.DAYS), card);
    }

    private void recordVisit(String card, String site) {
        update("""
                INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, business_day,
                                   scanned_at, recorded_at, request_hash)
                SELECT gen_random_uuid(), ?, 'gate-history', id, lineage_id, 'ADMITTED', ?, now(), now(), 'test'
                FROM card WHERE id = ?::uuid
                """, site, TestClock.today(), card);
    }

    private void update(String sql, Object... values) {
        Rows.update(database, sql, values);
    }
}
