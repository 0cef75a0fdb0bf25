package cn.chengyu.pass.card;

import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.chengyu.pass.support.CardFixtures.issuedCard;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DenylistTest {

    private static Map<String, Object> denylist(long since) {
        return given().auth().oauth2(TestTokens.gate("gate-dl", "cq-ciqikou")).queryParam("since", since)
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
    void onlyGatesReadTheDenylist() {
        assertProblem(given().when().get("/api/v1/gates/denylist").then(), 401);
        assertProblem(given().auth().oauth2(TestTokens.holder("h")).when().get("/api/v1/gates/denylist").then(), 403);
        assertProblem(given().auth().oauth2(TestTokens.gate("g", "cq-dazu")).queryParam("since", -1)
                .when().get("/api/v1/gates/denylist").then(), 400);
    }
}
