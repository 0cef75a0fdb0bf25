package cn.chengyu.pass.client;

import cn.chengyu.pass.client.api.CardsApi;
import cn.chengyu.pass.client.api.GatesApi;
import cn.chengyu.pass.client.api.SitesApi;
import cn.chengyu.pass.client.model.Card;
import cn.chengyu.pass.client.model.Denylist;
import cn.chengyu.pass.client.model.Entry;
import cn.chengyu.pass.client.model.IssueCardRequest;
import cn.chengyu.pass.client.model.PageResultVisitView;
import cn.chengyu.pass.client.model.Pass;
import cn.chengyu.pass.client.model.ScanRequest;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The holder → card → pass → gate journey, driven by the Java client that OpenAPI Generator made
 * from the committed openapi/openapi.json at build time: what a tourism app or a gate vendor would
 * do with the document as it is.
 */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URL service;

    @Test
    void aHolderGetsACardAndAPassAndAGateAdmitsIt() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(service.toString().replaceAll("/$", ""));
        CardsApi cards = new CardsApi(client);
        GatesApi gates = new GatesApi(client);
        String holder = "app-user-" + UUID.randomUUID();
        String idNumber = TestIds.adult();
        Map<String, String> asHolder = bearer(TestTokens.verifiedHolder(holder, "薛涛", idNumber));

        Card card = cards.issueCard(UUID.randomUUID().toString(), new IssueCardRequest().productCode("ANNUAL"), asHolder);
        assertEquals("薛涛", card.getHolder().getName());
        assertEquals(idNumber.substring(0, 3) + "***********" + idNumber.substring(14), card.getHolder().getIdNumberMasked());
        assertNull(card.getActivatedAt());
        assertNull(card.getSuspension());

        Pass pass = cards.mintPass(card.getId(), asHolder);
        assertTrue(pass.getToken().split("\\.").length == 3);

        String site = GateFixtures.newSite(1000);
        Map<String, String> asGate = bearer(TestTokens.gate("vendor-gate-1", site));
        UUID entryId = UUID.randomUUID();
        Entry entry = gates.recordEntry(site, new ScanRequest().entryId(entryId).pass(pass.getToken()), asGate);
        assertEquals("ADMITTED", entry.getDecision());
        assertNull(entry.getReason());
        assertEquals(card.getNumber(), entry.getCard().getNumber());

        Card activated = cards.getCard(card.getId(), asHolder);
        assertEquals(cn.chengyu.pass.client.model.CardStatus.ACTIVE, activated.getStatus());
        PageResultVisitView visits = cards.listCardEntries(card.getId(), 0, 20, asHolder);
        assertEquals(entryId, visits.getItems().get(0).getEntryId());

        Denylist denylist = gates.getDenylist(1000, 0L, asGate);
        assertTrue(denylist.getVersion() >= 0);
        assertEquals(site, new SitesApi(client).getSite(site).getCode());
    }

    @Test
    void aProblemReachesTheClientAsAnApiException() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(service.toString().replaceAll("/$", ""));
        ApiException refused = assertThrows(ApiException.class, () -> new CardsApi(client).issueCard(UUID.randomUUID().toString(),
                new IssueCardRequest().productCode("ANNUAL"), bearer(TestTokens.holder("unverified-" + UUID.randomUUID()))));
        assertEquals(403, refused.getCode());
        assertTrue(refused.getResponseBody().contains("real-name-required"), refused.getResponseBody());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
