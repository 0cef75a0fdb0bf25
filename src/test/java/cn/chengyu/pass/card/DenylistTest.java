package cn.chengyu.pass.card;

import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.chengyu.pass.support.CardFixtures.issuedCard;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DenylistTest {

    /** Every change after {@code since}, paged as a gate pages, in one map: the last version and all cards. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> denylist(long since) {
        List<Map<String, Object>> cards = new ArrayList<>();
        long version = since;
        Map<String, Object> page;
        do {
            page = page(version, 1000);
            cards.addAll((List<Map<String, Object>>) page.get("cards"));
            version = ((Number) page.get("version")).longValue();
        } while (Boolean.TRUE.equals(page.get("hasMore")));
        return Map.of("version", version, "cards", cards);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> page(long since, int limit) {
        return given().auth().oauth2(TestTokens.gate("gate-dl", "cq-ciqikou")).queryParam("since", since).queryParam("limit", limit)
                .when().get("/api/v1/gates/denylist").then().statusCode(200).extract().as(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changed(Map<String, Object> list, String card) {
        return ((List<Map<String, Object>>) list.get("cards")).stream().filter(entry -> card.equals(entry.get("id"))).toList();
    }

    @Test
    void gatesLearnOfSuspensionsReinstatementsAndReplacementsInOrder() {
        long start = ((Number) denylist(0).get("version")).longValue();
        String owner = newHolder();
        String holder = TestTokens.holder(owner);
        String card = issuedCard(owner);

        given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200);
        Map<String, Object> afterSuspend = denylist(start);
        assertEquals("SUSPENDED", changed(afterSuspend, card).get(0).get("status"));
        long suspendedAt = ((Number) afterSuspend.get("version")).longValue();
        assertTrue(suspendedAt > start);

        given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/reinstate").then().statusCode(200);
        Map<String, Object> afterReinstate = denylist(suspendedAt);
        assertEquals("ISSUED", changed(afterReinstate, card).get(0).get("status"), "a reinstated card leaves the list");

        given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/replace").then().statusCode(201);
        long reinstatedAt = ((Number) afterReinstate.get("version")).longValue();
        Map<String, Object> afterReplace = denylist(reinstatedAt);
        assertEquals("REPLACED", changed(afterReplace, card).get(0).get("status"));
        assertTrue(changed(denylist(((Number) afterReplace.get("version")).longValue()), card).isEmpty());
    }

    @Test
    void revokedCardsAreListedWithTheirNumber() {
        String owner = newHolder();
        String card = issuedCard(owner);
        String number = given().auth().oauth2(TestTokens.holder(owner)).when().get("/api/v1/cards/" + card).then().extract().path("number");
        given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/cards/" + card + "/revoke").then().statusCode(200);
        Map<String, Object> entry = changed(denylist(0), card).get(0);
        assertEquals("REVOKED", entry.get("status"));
        assertEquals(number, entry.get("number"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagingReachesEveryChangedCardOnceInOrderWithoutPersonalData() {
        long start = ((Number) denylist(0).get("version")).longValue();
        Set<String> suspended = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String card = issuedCard(newHolder());
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("reason", "audit " + i))
                    .when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200);
            suspended.add(card);
        }
        List<String> seen = new ArrayList<>();
        long version = start;
        int pages = 0;
        Map<String, Object> page;
        do {
            page = page(version, 2);
            List<Map<String, Object>> cards = (List<Map<String, Object>>) page.get("cards");
            assertTrue(cards.size() <= 2, "a page holds at most limit cards");
            for (Map<String, Object> card : cards) {
                assertEquals(Set.of("id", "number", "status"), card.keySet(), "nothing but the card's id, number and status");
                seen.add((String) card.get("id"));
            }
            long next = ((Number) page.get("version")).longValue();
            assertTrue(next > version || cards.isEmpty(), "versions move forward");
            version = next;
            pages++;
        } while (Boolean.TRUE.equals(page.get("hasMore")));
        assertTrue(seen.containsAll(suspended), "every suspended card is reached: " + seen);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no card twice");
        assertTrue(pages >= 4, "7 changes in pages of 2 take at least 4 pages, took " + pages);
        assertEquals(false, page(version, 5000).get("hasMore"));
    }

    @Test
    void aLimitOutsideOneTo5000IsRefused() {
        for (int limit : new int[] {0, 5001}) {
            assertProblem(given().auth().oauth2(TestTokens.gate("g", "cq-dazu")).queryParam("limit", limit)
                    .when().get("/api/v1/gates/denylist").then(), 400);
        }
    }

    @Test
    void aHolderChangesItsCardAtMostSixTimesADayAndTheAuthorityIsNotCounted() {
        String owner = newHolder();
        String holder = TestTokens.holder(owner);
        String card = issuedCard(owner);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/suspend").then().statusCode(200);
            given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/reinstate").then().statusCode(200);
        }
        // a replacement counts, and the new card of the lineage inherits the count
        String next = given().auth().oauth2(holder).when().post("/api/v1/cards/" + card + "/replace")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(holder).when().post("/api/v1/cards/" + next + "/suspend").then().statusCode(200);
        long before = ((Number) denylist(0).get("version")).longValue();
        assertProblem(given().auth().oauth2(holder).when().post("/api/v1/cards/" + next + "/reinstate").then(), 429)
                .header("Retry-After", notNullValue());
        assertProblem(given().auth().oauth2(holder).when().post("/api/v1/cards/" + next + "/replace").then(), 429);
        assertTrue(changed(denylist(before), next).isEmpty(), "a refused change reaches no gate");
        given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/cards/" + next + "/reinstate").then().statusCode(200);
    }

    @Test
    void onlyGatesReadTheDenylist() {
        assertProblem(given().when().get("/api/v1/gates/denylist").then(), 401);
        assertProblem(given().auth().oauth2(TestTokens.holder("h")).when().get("/api/v1/gates/denylist").then(), 403);
        assertProblem(given().auth().oauth2(TestTokens.gate("g", "cq-dazu")).queryParam("since", -1)
                .when().get("/api/v1/gates/denylist").then(), 400);
    }
}
