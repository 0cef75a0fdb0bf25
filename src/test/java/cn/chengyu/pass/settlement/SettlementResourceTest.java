package cn.chengyu.pass.settlement;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.CardNumber;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Metrics;
import cn.chengyu.pass.support.Parallel;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settlement over HTTP, with the lines counted in the database against the admitted entries. */
@QuarkusTest
class SettlementResourceTest {

    private static final Map<String, Integer> ANNUAL = Map.of("ADULT", 1500, "SENIOR", 800, "MINOR", 700);
    private static final Map<String, Integer> PASS = Map.of("ADULT", 3000, "SENIOR", 1600, "MINOR", 1400);

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void atNoon() {
        TestClock.setTo(TestClock.todayAt("12:00"));
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /** A new open site in that province, open 00:00–23:59, with its tariff from 2020 on. */
    private static String pricedSite(String province) {
        return pricedSite(province, 100_000);
    }

    private static String pricedSite(String province, int capacity) {
        String code = "st-" + UUID.randomUUID().toString().substring(0, 12);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", Map.of("zh", "结算", "en", "Settlement test"), "city", "Settlement test city", "province", province,
                        "location", Map.of("lat", 28.87, "lon", 105.44), "openingHours", Map.of("opens", "00:00", "closes", "23:59"),
                        "dailyCapacity", capacity, "status", "OPEN"))
                .when().put("/api/v1/sites/" + code).then().statusCode(201);
        putTariff(code, "2020-01-01", Map.of("ANNUAL", ANNUAL, "PASS_72H", PASS)).statusCode(201);
        return code;
    }

    private static ValidatableResponse putTariff(String site, String from, Object rates) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("rates", rates))
                .when().put("/api/v1/sites/" + site + "/tariffs/" + from).then();
    }

    private static ValidatableResponse statement(String token, String site, YearMonth month) {
        return given().auth().oauth2(token).when().get("/api/v1/settlement/statements/" + month + "?site=" + site).then();
    }

    private static ValidatableResponse resolve(String entryId, String outcome) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("outcome", outcome, "note", "Checked with the site"))
                .when().post("/api/v1/settlement/lines/" + entryId + "/resolve").then();
    }

    private static ValidatableResponse lines(String token, String site, YearMonth month, String status) {
        var request = given().auth().oauth2(token);
        if (site != null) {
            request = request.queryParam("site", site);
        }
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.when().get("/api/v1/settlement/statements/" + month + "/lines").then();
    }

    private static ValidatableResponse close(YearMonth month) {
        return given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/settlement/periods/" + month + "/close").then();
    }

    private static Map<String, Object> offline(String number, Instant at) {
        return GateFixtures.scan("cardNumber", number, at);
    }

    private static ValidatableResponse batch(String site, List<Map<String, Object>> entries) {
        return GateFixtures.postBatch(site, Map.of("entries", entries)).statusCode(200);
    }

    private int count(String sql, String site) {
        return Rows.count(database, sql, site);
    }

    /** Admission lines match admitted entries one to one, and each line's amount is its tariff's. */
    private void assertLinesMatchAdmissions(String site) {
        int admitted = count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED'", site);
        assertEquals(admitted, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND kind = 'ADMISSION'", site));
        assertEquals(admitted, count("""
                SELECT count(*) FROM entry e JOIN settlement_line l ON l.entry_id = e.entry_id AND l.kind = 'ADMISSION'
                WHERE e.site_code = ? AND e.decision = 'ADMITTED'""", site));
        // each line is priced by the site's version in effect on its day, by the entry's card's product and category
        assertEquals(0, count("""
                SELECT count(*) FROM settlement_line l JOIN entry e ON e.entry_id = l.entry_id LEFT JOIN card c ON c.id = e.card_id
                WHERE l.site_code = ? AND l.kind = 'ADMISSION' AND l.amount_fen IS DISTINCT FROM CASE WHEN c.id IS NULL THEN 0 ELSE
                    coalesce((SELECT t.amount_fen FROM tariff t WHERE t.site_code = l.site_code AND t.product_code = c.product_code
                              AND t.category = c.category AND t.effective_from = (SELECT max(v.effective_from) FROM tariff v
                              WHERE v.site_code = l.site_code AND v.effective_from <= l.business_day)), 0) END""", site));
    }

    @Test
    void everyAdmissionMakesOneLineAndReplaysAndDenialsNone() {
        String site = pricedSite("SICHUAN");
        TestCard annual = newCard("ANNUAL");
        TestCard pass = newCard("PASS_72H");
        Map<String, Object> first = byNumber(annual.number());
        GateFixtures.post(site, first).statusCode(201).body("decision", equalTo("ADMITTED"));
        GateFixtures.post(site, first).statusCode(201).body("decision", equalTo("ADMITTED"));           // a replay
        GateFixtures.post(site, byNumber(annual.number())).statusCode(201).body("reason", equalTo("ALREADY_ENTERED"));
        GateFixtures.post(site, byNumber(pass.number())).statusCode(201).body("decision", equalTo("ADMITTED"));

        YearMonth month = YearMonth.from(TestClock.today());
        statement(TestTokens.admin(), site, month).statusCode(200)
                .body("month", equalTo(month.toString())).body("site", equalTo(site)).body("province", equalTo("SICHUAN"))
                .body("status", equalTo("OPEN")).body("lines", equalTo(2))
                .body("byProduct.productCode", contains("ANNUAL", "PASS_72H")).body("byProduct.category", contains("ADULT", "ADULT"))
                .body("byProduct.admissions", contains(1, 1)).body("byProduct.amountFen", contains(1500, 3000))
                .body("payableFen", equalTo(4500)).body("disputedFen", equalTo(0));
        String csv = given().auth().oauth2(TestTokens.admin()).accept("text/csv")
                .when().get("/api/v1/settlement/statements/" + month + "?site=" + site).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertEquals("month,site,province,productCode,category,admissions,amountFen,amountYuan,disputedFen\r\n"
                + month + "," + site + ",SICHUAN,ANNUAL,ADULT,1,1500,15.00,0\r\n"
                + month + "," + site + ",SICHUAN,PASS_72H,ADULT,1,3000,30.00,0\r\n", csv);
        assertLinesMatchAdmissions(site);
    }

    @Test
    void concurrentScansAndOfflineBatchesWithConflictsMatchTheAdmittedEntriesOneToOne() throws Exception {
        String site = pricedSite("SICHUAN");
        double deadlocks = Metrics.value("chengyu_admission_conflicts_total{cause=\"deadlock\"}");
        List<TestCard> cards = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            cards.add(newCard(i % 2 == 0 ? "ANNUAL" : "PASS_72H"));
        }
        Instant earlier = TestClock.now().minusSeconds(600);
        Map<String, Object> replayed = offline(cards.get(0).number(), earlier);
        Map<String, Integer> outcomes = Parallel.fire(20, i -> () -> {
            if (i < 16) {
                return GateFixtures.post(site, byNumber(cards.get(i).number())).statusCode(201).extract().path("decision");
            }
            // offline: a card admitted online at the same time, scanned again (a conflict), and one batch sent twice
            return batch(site, List.of(replayed, offline(cards.get(i - 15).number(), earlier))).extract().path("results[1].decision");
        }, "none");
        // an online scan of a card the racing batch admitted first is ALREADY_ENTERED; offline scans always stand
        assertEquals(20, outcomes.getOrDefault("ADMITTED", 0) + outcomes.getOrDefault("DENIED", 0), outcomes.toString());
        // a batch that waits for a scan's rows gives way before the scan waiting for its counters makes a deadlock
        assertEquals(deadlocks, Metrics.value("chengyu_admission_conflicts_total{cause=\"deadlock\"}"), outcomes.toString());

        assertLinesMatchAdmissions(site);
        // cards 0 to 4 were each scanned online and offline: of each pair exactly one broke the once-a-day rule, a
        // denial online or a disputed line offline, whichever came second
        assertEquals(5, outcomes.getOrDefault("DENIED", 0)
                + count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND status = 'DISPUTED'", site), outcomes.toString());
        statement(TestTokens.admin(), site, YearMonth.from(TestClock.today())).statusCode(200)
                .body("lines", equalTo(count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED'", site)));
    }

    /** What an offline batch made payable counts in the metric once it commits; its disputed line does not. */
    @Test
    void offlinePayableAdmissionsCountInThePayableMetric() {
        String site = pricedSite("CHONGQING");
        TestCard card = newCard("ANNUAL");
        Instant at = TestClock.now().minusSeconds(300);
        double before = payableMetric("CHONGQING");
        batch(site, List.of(offline(card.number(), at), offline(card.number(), at.plusSeconds(1))))
                .body("results.conflict", contains(nullValue(), equalTo("ALREADY_ENTERED")));
        assertEquals(before + 1500, payableMetric("CHONGQING"), 0.001);
    }

    private static double payableMetric(String province) {
        return Metrics.value("chengyu_settlement_payable_fen_total{province=\"" + province + "\"}");
    }

    /**
     * Two cards each scanned twice in one offline batch at the site: the second scan of each is an
     * ALREADY_ENTERED admission whose line is DISPUTED. Answers those two entry ids.
     */
    private static List<String> twoDisputedRepeats(String site) {
        Instant at = TestClock.now().minusSeconds(300);
        List<Map<String, Object>> scans = new ArrayList<>();
        for (TestCard card : List.of(newCard("ANNUAL"), newCard("ANNUAL"))) {
            scans.add(offline(card.number(), at));
            scans.add(offline(card.number(), at));
        }
        batch(site, scans).body("results.conflict", contains(nullValue(), equalTo("ALREADY_ENTERED"), nullValue(), equalTo("ALREADY_ENTERED")));
        return List.of((String) scans.get(1).get("entryId"), (String) scans.get(3).get("entryId"));
    }

    @Test
    void aRejectedDisputeIsAReversalLineAndADecidedOneStaysDecided() {
        String site = pricedSite("SICHUAN");
        List<String> disputed = twoDisputedRepeats(site);
        String rejectedId = disputed.get(0);
        String acceptedId = disputed.get(1);
        YearMonth month = YearMonth.from(TestClock.today());
        statement(TestTokens.admin(), site, month).statusCode(200).body("payableFen", equalTo(3000)).body("disputedFen", equalTo(3000))
                .body("byProduct[0].admissions", equalTo(4)).body("byProduct[0].amountFen", equalTo(3000))
                .body("byProduct[0].disputedFen", equalTo(3000));

        resolve(rejectedId, "REJECT").statusCode(200).body("kind", equalTo("ADMISSION")).body("status", equalTo("PAYABLE")).body("amountFen", equalTo(1500))
                .body("conflict", equalTo("ALREADY_ENTERED")).body("resolution.outcome", equalTo("REJECT"))
                .body("resolution.note", equalTo("Checked with the site"));
        resolve(acceptedId, "ACCEPT").statusCode(200).body("resolution.outcome", equalTo("ACCEPT"));
        assertProblem(resolve(rejectedId, "ACCEPT"), 409);
        assertProblem(resolve(UUID.randomUUID().toString(), "ACCEPT"), 404);
        assertProblem(given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("outcome", "MAYBE"))
                .when().post("/api/v1/settlement/lines/" + rejectedId + "/resolve").then(), 400);
        assertProblem(given().auth().oauth2(TestTokens.partner("p-" + site, site)).contentType(ContentType.JSON)
                .body(Map.of("outcome", "ACCEPT", "note", "x")).when().post("/api/v1/settlement/lines/" + rejectedId + "/resolve").then(), 403);

        // 4 admissions: 3 paid, the rejected one taken back by a reversal; nothing edited in amount, nothing deleted
        statement(TestTokens.admin(), site, month).statusCode(200).body("lines", equalTo(5))
                .body("byProduct[0].admissions", equalTo(4)).body("byProduct[0].amountFen", equalTo(4500))
                .body("payableFen", equalTo(4500)).body("disputedFen", equalTo(0));
        assertEquals(1, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND kind = 'REVERSAL' AND amount_fen = -1500", site));
        assertEquals(4, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND kind = 'ADMISSION' AND amount_fen = 1500", site));
        assertLinesMatchAdmissions(site);
    }

    @Test
    void aStatementsLinesShowWhatIsLeftToDecideAndPageWithoutGapsOrRepeats() {
        String site = pricedSite("SICHUAN");
        List<String> disputed = twoDisputedRepeats(site);
        String rejectedId = disputed.get(0);
        String waitingId = disputed.get(1);
        YearMonth month = YearMonth.from(TestClock.today());
        resolve(rejectedId, "REJECT").statusCode(200).body("kind", equalTo("ADMISSION"));

        // what the card authority still has to decide: at this site, and among every site's lines of the month
        lines(TestTokens.admin(), site, month, "DISPUTED").statusCode(200).body("total", equalTo(1))
                .body("items.entryId", contains(waitingId)).body("items.conflict", contains("ALREADY_ENTERED"));
        List<String> everySite = new ArrayList<>();
        int total = lines(TestTokens.admin(), null, month, "DISPUTED").statusCode(200).extract().path("total");
        for (int page = 0; page * 100 < total; page++) {
            everySite.addAll(given().auth().oauth2(TestTokens.admin()).queryParam("status", "DISPUTED").queryParam("size", 100)
                    .queryParam("page", page).when().get("/api/v1/settlement/statements/" + month + "/lines").then().statusCode(200)
                    .body("items.status", everyItem(equalTo("DISPUTED"))).extract().<List<String>>path("items.entryId"));
        }
        assertTrue(everySite.contains(waitingId), "every site's disputed lines hold the site's");
        assertEquals(total, everySite.size());

        // the site's partner pages through its five lines: four admissions and the reversal
        String partner = TestTokens.partner("p-" + site, site);
        List<String> all = lines(partner, site, month, null).statusCode(200).body("total", equalTo(5))
                .body("items.findAll { it.kind == 'REVERSAL' }.entryId", contains(rejectedId))
                .body("items.findAll { it.kind == 'REVERSAL' }.amountFen", contains(-1500))
                .extract().path("items.collect { it.entryId + '/' + it.kind }");
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            paged.addAll(given().auth().oauth2(partner).queryParam("site", site).queryParam("size", 2).queryParam("page", page)
                    .when().get("/api/v1/settlement/statements/" + month + "/lines").then().statusCode(200)
                    .body("total", equalTo(5)).extract().<List<String>>path("items.collect { it.entryId + '/' + it.kind }"));
        }
        assertEquals(all, paged);
        assertEquals(5, Set.copyOf(all).size());

        assertProblem(lines(partner, null, month, null), 400);
        assertProblem(lines(partner, pricedSite("SICHUAN"), month, null), 403);
        assertProblem(lines(TestTokens.admin(), site, month, "SETTLED"), 400);
        assertProblem(lines(TestTokens.admin(), "st-no-such-site", month, null), 404);
    }

    @Test
    void tariffsAreVersionedAndFrozenOnceTheyHavePricedAnEntry() {
        String site = pricedSite("CHONGQING");
        String from = TestClock.today().minusDays(3).toString();
        putTariff(site, from, Map.of("ANNUAL", Map.of("ADULT", 1000, "SENIOR", 500, "MINOR", 500))).statusCode(201)
                .body("priced", equalTo(false)).body("rates.ANNUAL.ADULT", equalTo(1000));
        putTariff(site, from, Map.of("ANNUAL", Map.of("ADULT", 1200, "SENIOR", 600, "MINOR", 600))).statusCode(200)
                .body("rates.ANNUAL.ADULT", equalTo(1200));
        GateFixtures.post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        GateFixtures.post(site, byNumber(newCard("PASS_72H").number())).statusCode(201).body("decision", equalTo("ADMITTED"));

        assertProblem(putTariff(site, from, Map.of("ANNUAL", Map.of("ADULT", 1, "SENIOR", 1, "MINOR", 1))), 409);
        given().auth().oauth2(TestTokens.partner("partner-" + site, site)).when().get("/api/v1/sites/" + site + "/tariffs")
                .then().statusCode(200).body("effectiveFrom", contains(from, "2020-01-01")).body("priced", contains(true, true))
                .body("[0].rates.PASS_72H", nullValue());
        // the version in effect prices: 1200 for ANNUAL, nothing for PASS_72H, which it leaves out
        statement(TestTokens.admin(), site, YearMonth.from(TestClock.today())).statusCode(200)
                .body("byProduct.amountFen", contains(1200, 0)).body("payableFen", equalTo(1200));
        putTariff(site, TestClock.today().plusDays(1).toString(), Map.of("ANNUAL", ANNUAL)).statusCode(201);
    }

    @Test
    void aTariffIsCheckedBeforeAnythingIsWritten() {
        String site = pricedSite("SICHUAN");
        assertProblem(putTariff(site, "2030-01-01", Map.of("NO_SUCH", ANNUAL)), 400);
        assertProblem(putTariff(site, "2030-01-01", Map.of("ANNUAL", Map.of("ADULT", 1000))), 400);
        assertProblem(putTariff(site, "2030-01-01", Map.of("ANNUAL", Map.of("ADULT", -1, "SENIOR", 1, "MINOR", 1))), 400);
        assertProblem(putTariff(site, "2030-01-01", Map.of("ANNUAL", Map.of("ADULT", 1, "SENIOR", 1, "CHILD", 1))), 400);
        assertProblem(putTariff(site, "2030-01-01", Map.of()), 400);
        assertProblem(putTariff(site, "not-a-date", Map.of("ANNUAL", ANNUAL)), 400);
        // years of more than four digits parse as ISO dates, but no date column holds them
        assertProblem(putTariff(site, "+999999999-12-31", Map.of("ANNUAL", ANNUAL)), 400);
        assertProblem(putTariff(site, "+9999999-01-01", Map.of("ANNUAL", ANNUAL)), 400);
        assertProblem(putTariff("st-no-such-site", "2030-01-01", Map.of("ANNUAL", ANNUAL)), 404);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/sites/" + site + "/tariffs").then().statusCode(200)
                .body("", hasSize(1));
    }

    @Test
    void partnersReadOnlyTheirOwnSite() {
        String site = pricedSite("SICHUAN");
        String other = pricedSite("SICHUAN");
        YearMonth month = YearMonth.from(TestClock.today());
        String partner = TestTokens.partner("partner-of-" + site, site);
        statement(partner, site, month).statusCode(200).body("site", equalTo(site));
        assertProblem(statement(partner, other, month), 403);
        assertProblem(given().auth().oauth2(partner).when().get("/api/v1/sites/" + other + "/tariffs").then(), 403);
        assertProblem(given().auth().oauth2(partner).when().get("/api/v1/settlement/clearing/" + month).then(), 403);
        assertProblem(statement(TestTokens.gate("gate-" + site, site), site, month), 403);
        assertProblem(statement(TestTokens.holder("h-" + site), site, month), 403);
        assertProblem(given().when().get("/api/v1/settlement/statements/" + month + "?site=" + site).then(), 401);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/statements/" + month).then(), 400);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/statements/2026-13?site=" + site).then(), 400);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/statements/+9999999-01?site=" + site).then(), 400);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/clearing/+9999999-01").then(), 400);
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/settlement/periods/+999999999-12/close").then(), 400);
        assertProblem(statement(TestTokens.admin(), "st-no-such-site", month), 404);
    }

    @Test
    void theClearingSaysWhatEachProvincesSitesAreOwed() {
        YearMonth month = YearMonth.from(TestClock.today());
        ValidatableResponse before = given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/clearing/" + month)
                .then().statusCode(200).body("provinces.province", contains("CHONGQING", "SICHUAN"));
        long chongqing = ((Number) before.extract().path("provinces[0].payableFen")).longValue();
        long total = ((Number) before.extract().path("totalFen")).longValue();
        String site = pricedSite("CHONGQING");
        GateFixtures.post(site, byNumber(newCard("ANNUAL").number())).statusCode(201);
        GateFixtures.post(site, byNumber(newCard("PASS_72H").number())).statusCode(201);

        ValidatableResponse after = given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/clearing/" + month)
                .then().statusCode(200).body("month", equalTo(month.toString()));
        assertEquals(chongqing + 4500, ((Number) after.extract().path("provinces[0].payableFen")).longValue());
        assertEquals(total + 4500, ((Number) after.extract().path("totalFen")).longValue());
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/settlement/clearing/last-month").then(), 400);
    }

    @Test
    void aClosedMonthNeverChangesAndEntriesArrivingLaterAreAdjustmentsOfTheNextOpenMonth() throws Exception {
        // Two days into a month at least two months ahead, picked at random so that the month closed here is nobody
        // else's, nor (most likely) this test's on an earlier run against the same database; within two years, so that
        // the test holders are still adults.
        LocalDate current = TestClock.today().plusMonths(3 + new SecureRandom().nextInt(24)).withDayOfMonth(3);
        TestClock.setTo(current.atTime(12, 0).atZone(BusinessTime.ZONE).toInstant());
        YearMonth closing = YearMonth.from(current).minusMonths(1);
        Instant lastDay = closing.atEndOfMonth().atTime(12, 0).atZone(BusinessTime.ZONE).toInstant();
        String site = pricedSite("SICHUAN");

        TestCard twice = newCard("ANNUAL");
        Map<String, Object> again = offline(twice.number(), lastDay);
        batch(site, List.of(offline(twice.number(), lastDay), again)).body("results[1].conflict", equalTo("ALREADY_ENTERED"));
        assertProblem(close(closing), 409);
        assertProblem(close(YearMonth.from(current)), 409);
        resolve((String) again.get("entryId"), "ACCEPT").statusCode(200);

        // A close racing with offline uploads for the month: each line lands in it before it closes or after it as an adjustment.
        List<TestCard> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(newCard("ANNUAL"));
        }
        Map<String, Integer> outcomes = Parallel.fire(9, i -> () -> i == 8
                ? "closed with " + close(closing).statusCode(200).body("status", equalTo("CLOSED")).extract().path("lines") + " lines"
                : batch(site, List.of(offline(racing.get(i).number(), lastDay))).extract().path("results[0].decision"), "none");
        assertEquals(8, outcomes.get("ADMITTED"), outcomes.toString());
        String closedWith = outcomes.keySet().stream().filter(outcome -> outcome.startsWith("closed")).findFirst().orElseThrow();
        assertProblem(close(closing), 409);

        String closed = statement(TestTokens.admin(), site, closing).statusCode(200).body("status", equalTo("CLOSED")).extract().asString();
        Map<String, Object> late = offline(newCard("ANNUAL").number(), lastDay);
        batch(site, List.of(late)).body("results[0].decision", equalTo("ADMITTED"));
        assertEquals(closed, statement(TestTokens.admin(), site, closing).statusCode(200).extract().asString());

        int inClosed = count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND month = date_trunc('month', business_day)", site);
        int adjustments = count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND adjustment_of IS NOT NULL", site);
        assertEquals(11, inClosed + adjustments);
        assertTrue(adjustments >= 1);
        assertEquals(adjustments, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND adjustment_of = date_trunc('month', business_day)"
                + " AND month = date_trunc('month', business_day) + interval '1 month'", site));
        statement(TestTokens.admin(), site, closing).body("lines", equalTo(inClosed));
        // what the month held as it closed (under its lock), all sites, is what it holds now: no line came into it after
        assertEquals("closed with " + count("SELECT count(*) FROM settlement_line WHERE month = date_trunc('month', ?::date)",
                closing.atDay(1).toString()) + " lines", closedWith);
        statement(TestTokens.admin(), site, YearMonth.from(current)).statusCode(200).body("status", equalTo("OPEN"))
                .body("lines", equalTo(adjustments)).body("payableFen", equalTo(adjustments * 1500));
        assertLinesMatchAdmissions(site);
    }

    /** A card number with a valid check digit that no card has. */
    private static String unknownNumber() {
        String payload = "9" + String.format("%014d", Math.abs(new SecureRandom().nextLong()) % 100_000_000_000_000L);
        for (int digit = 0; digit < 10; digit++) {
            if (CardNumber.isValid(payload + digit)) {
                return payload + digit;
            }
        }
        throw new IllegalStateException("no check digit");
    }

    @Test
    void refusedAdmissionsHaveNoLineAndOfflineOnesStandingOnAConflictADisputedOne() {
        String site = pricedSite("SICHUAN", 1);
        GateFixtures.post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        // online: full, turned into a denial after the admission statement found no seat
        GateFixtures.post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_FULL"));
        Instant at = TestClock.now().minusSeconds(120);
        Map<String, Object> full = offline(newCard("PASS_72H").number(), at);
        Map<String, Object> unknown = offline(unknownNumber(), at);
        batch(site, List.of(full, unknown)).body("results.decision", contains("ADMITTED", "ADMITTED"))
                .body("results.conflict", contains("SITE_FULL", "CARD_UNKNOWN"));

        assertEquals(3, count("SELECT count(*) FROM settlement_line WHERE site_code = ?", site));
        assertEquals(2, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND status = 'DISPUTED'", site));
        assertEquals(1, count("""
                SELECT count(*) FROM settlement_line WHERE site_code = ? AND conflict = 'CARD_UNKNOWN' AND product_code IS NULL
                  AND amount_fen = 0 AND tariff_from IS NULL""", site));
        statement(TestTokens.admin(), site, YearMonth.from(TestClock.today())).statusCode(200)
                .body("lines", equalTo(3)).body("payableFen", equalTo(1500)).body("disputedFen", equalTo(3000))
                .body("byProduct.productCode", contains("ANNUAL", "PASS_72H", null));
        assertLinesMatchAdmissions(site);
    }

    @Test
    void aVersionCannotSlipInUnderDaysAlreadyPriced() {
        String site = pricedSite("SICHUAN");
        GateFixtures.post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        assertProblem(putTariff(site, TestClock.today().toString(), Map.of("ANNUAL", ANNUAL)), 409);
        assertProblem(putTariff(site, TestClock.today().minusDays(30).toString(), Map.of("ANNUAL", ANNUAL)), 409);
        putTariff(site, TestClock.today().plusDays(1).toString(), Map.of("ANNUAL", ANNUAL)).statusCode(201);
    }
}
