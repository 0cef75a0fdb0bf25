package cn.chengyu.pass.entry;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.db.MonthlyPartitions;
import cn.chengyu.pass.entry.service.LifetimeLimitUpkeep;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.post;
import static cn.chengyu.pass.support.GateFixtures.postBatch;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entries and settlement lines are kept a partition a month (migration V10): the months a scan needs
 * are made when it needs them, the rules that span months still hold across a month's end, and months
 * past keeping leave the live tables for the archive schema. Each test moves the clock to a month of
 * its own, picked at random a few years ahead, so that it finds that month's partitions not yet made.
 */
@QuarkusTest
class MonthlyHistoryTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource database;

    @Inject
    MonthlyPartitions partitions;

    @Inject
    LifetimeLimitUpkeep limits;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /** The first day of a month at least three years ahead, within five (the test holders stay adults). */
    private static LocalDate aMonthAhead() {
        return TestClock.today().plusMonths(36 + RANDOM.nextInt(24)).withDayOfMonth(1);
    }

    private static Instant at(LocalDate day, String localTime) {
        return day.atTime(java.time.LocalTime.parse(localTime)).atZone(BusinessTime.ZONE).toInstant();
    }

    private boolean exists(String table) {
        return Rows.count(database, "SELECT count(*) FROM pg_class WHERE relname = ?", table) == 1;
    }

    private static void close(YearMonth month) {
        given().auth().oauth2(TestTokens.admin()).when().post("/api/v1/settlement/periods/" + month + "/close").then().statusCode(200);
    }

    private static String suffix(YearMonth month) {
        return String.format("_p%04d_%02d", month.getYear(), month.getMonthValue());
    }

    @Test
    void aScanInAMonthNotYetMadeIsRecordedWithItsLineOnceTheMonthIsMade() {
        LocalDate first = aMonthAhead();
        while (exists("entry" + suffix(YearMonth.from(first)))) {
            first = aMonthAhead();
        }
        YearMonth month = YearMonth.from(first);
        TestClock.setTo(at(first.plusDays(RANDOM.nextInt(27)), "12:00"));
        assertFalse(exists("settlement_line" + suffix(month)), "the month is made by the scan, not before");
        String site = newSite(10);
        TestCard card = newCard("ANNUAL");

        Map<String, Object> scan = byNumber(card.number());
        post(site, scan).statusCode(201).body("decision", equalTo("ADMITTED"));

        assertTrue(exists("entry" + suffix(month)) && exists("settlement_line" + suffix(month)));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM entry" + suffix(month) + " WHERE entry_id = ?::uuid",
                (String) scan.get("entryId")));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM settlement_line" + suffix(month) + " WHERE entry_id = ?::uuid",
                (String) scan.get("entryId")));
    }

    /** An open site's scan is admitted, a closed site's denied: the two ways a scan is first written. */
    @ParameterizedTest
    @CsvSource({"00:00, 23:59, ADMITTED", "08:00, 18:00, DENIED"})
    void aRetryWithoutScannedAtAcrossAMonthsEndAnswersTheFirstScanAndRecordsNothingMore(String opens, String closes,
                                                                                        String decision) {
        LocalDate first = aMonthAhead();
        TestClock.setTo(at(first.minusDays(1), "23:58:50"));
        String site = newSite(10, opens, closes, "OPEN");
        TestCard card = newCard("ANNUAL");
        Map<String, Object> scan = byNumber(card.number());
        String answer = post(site, scan).statusCode(201).body("decision", equalTo(decision)).extract().asString();

        TestClock.advance(Duration.ofSeconds(80));
        assertEquals(first, TestClock.today(), "the retry is sent in the next month");
        assertEquals(answer, post(site, scan).statusCode(201).extract().asString());
        TestClock.advance(Duration.ofDays(6));
        assertEquals(answer, post(site, scan).statusCode(201).extract().asString(), "and so is one sent six days later");
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM entry WHERE entry_id = ?::uuid", (String) scan.get("entryId")));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM entry" + suffix(YearMonth.from(first.minusDays(1)))
                + " WHERE entry_id = ?::uuid", (String) scan.get("entryId")), "the entry stays in the month it was first recorded in");
    }

    @Test
    void aOncePerSiteCardEntersASiteOnceWhicheverMonthsItsScansFallIn() {
        LocalDate first = aMonthAhead();
        TestClock.setTo(at(first, "12:00"));
        String site = newSite(10);
        TestCard card = newCard("PASS_72H");
        Instant lastMonth = at(first.minusDays(1), "12:00");

        postBatch(site, Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", card.number(),
                        "scannedAt", lastMonth.toString()))))
                .statusCode(200).body("results.decision", contains("ADMITTED"));
        post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("ALREADY_ENTERED"));
        postBatch(site, Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", card.number(),
                        "scannedAt", at(first, "11:00").toString()))))
                .statusCode(200).body("results.conflict", contains("ALREADY_ENTERED"));
        assertEquals(1, Rows.count(database, """
                SELECT count(*) FROM entry e JOIN card c ON c.id = e.card_id
                WHERE c.number = ? AND e.limit_key IS NOT NULL""", card.number()));
    }

    @Test
    void aOncePerSiteLimitHoldsLongAfterTheMonthOfItsAdmission() {
        String product = "ONCE-" + UUID.randomUUID().toString().substring(0, 8);
        Rows.update(database, """
                INSERT INTO product (code, name_zh, name_en, validity_hours, activation_window_days, site_limit, price_fen)
                VALUES (?, '一次卡', 'Once card', 8760, 180, 'ONCE_PER_SITE', 100)""", product);
        LocalDate first = aMonthAhead();
        TestClock.setTo(at(first.plusDays(19), "12:00"));
        String site = newSite(10);
        TestCard online = newCard(product);
        TestCard offline = newCard(product);
        post(site, byNumber(online.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(site, byNumber(offline.number())).statusCode(201).body("decision", equalTo("ADMITTED"));

        // The 15th of the next month: more than seven days on, so the first month's entries are not read again.
        TestClock.advance(Duration.ofDays(25));
        post(site, byNumber(online.number())).statusCode(201).body("reason", equalTo("ALREADY_ENTERED"));
        postBatch(site, Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", offline.number(),
                        "scannedAt", TestClock.now().minusSeconds(60).toString()))))
                .statusCode(200).body("results.conflict", contains("ALREADY_ENTERED"));
    }

    /**
     * A once-per-site limit outlives its month, but not its cards: once no card of the lineage is live
     * and valid (PASS_72H: 72 hours after its first admission) later than the oldest scannedAt a gate
     * may send and a day ago, no scan of it can be admitted, and its limits are forgotten. A card
     * replaced before its first use (never activated, so without a validity) does not keep them.
     */
    @Test
    void aOncePerSiteLimitIsForgottenOnceNoCardOfItsLineageCanBeAdmittedAnyMore() {
        Instant admitted = at(aMonthAhead(), "12:00");
        TestClock.setTo(admitted);
        String site = newSite(10);
        TestCard unused = newCard("PASS_72H");
        String replacement = given().auth().oauth2(TestTokens.holder(unused.holder())).when()
                .post("/api/v1/cards/" + unused.id() + "/replace").then().statusCode(201).extract().path("number");
        post(site, byNumber(replacement)).statusCode(201).body("decision", equalTo("ADMITTED"));
        TestClock.advance(Duration.ofDays(5));
        TestCard valid = newCard("PASS_72H");
        post(site, byNumber(valid.number())).statusCode(201).body("decision", equalTo("ADMITTED"));

        Instant forgettable = admitted.plus(Duration.ofHours(72)).plus(AdmissionPolicy.MAX_AGE).plus(Duration.ofDays(1));
        TestClock.setTo(forgettable.minusSeconds(60));
        limits.forgetLapsed().await().indefinitely();
        assertEquals(1, lifetimeLimits(unused), "kept until the card lapsed more than seven days and a day ago");
        TestClock.setTo(forgettable.plusSeconds(60));
        assertTrue(limits.forgetLapsed().await().indefinitely() >= 1);
        assertEquals(0, lifetimeLimits(unused));
        assertEquals(1, lifetimeLimits(valid));
        assertEquals(1, Rows.count(database, """
                SELECT count(*) FROM entry e JOIN card c ON c.id = e.card_id
                WHERE c.number = ? AND e.decision = 'ADMITTED'""", replacement), "its entry stays");
        post(site, byNumber(replacement)).statusCode(201).body("decision", equalTo("DENIED"));
    }

    private int lifetimeLimits(TestCard card) {
        return Rows.count(database, "SELECT count(*) FROM lifetime_limit l JOIN card c ON c.lineage_id = l.lineage_id WHERE c.number = ?",
                card.number());
    }

    @Test
    void aOncePerSiteCardTurnedAwayByAFullSiteMayEnterLater() {
        LocalDate first = aMonthAhead();
        TestClock.setTo(at(first.plusDays(RANDOM.nextInt(27)), "12:00"));
        String site = newSite(1);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        TestCard card = newCard("PASS_72H");

        post(site, byNumber(card.number())).statusCode(201).body("reason", equalTo("SITE_FULL"));
        TestClock.advance(Duration.ofDays(1));
        post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
    }

    /**
     * The rows from before monthly partitions are one partition of all their months: an id taken there
     * long before the scan's day is found all the same (the scan and the batch are answered 422, as an
     * id reused with another body), instead of the window around the day missing it for ever.
     */
    @Test
    void anIdTakenInAPartitionOfManyMonthsIsFoundOutsideTheWindow() {
        if (!exists("entry_many_months")) {
            Rows.update(database, "CREATE TABLE entry_many_months (LIKE entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            Rows.update(database, "CREATE UNIQUE INDEX entry_many_months_id ON entry_many_months (entry_id)");
            Rows.update(database, "ALTER TABLE entry ATTACH PARTITION entry_many_months FOR VALUES FROM ('2090-01-01') TO ('2091-01-01')");
        }
        String site = newSite(10);
        UUID taken = UUID.randomUUID();
        Rows.update(database, """
                INSERT INTO entry (entry_id, site_code, gate_subject, decision, reason, business_day, scanned_at, recorded_at, request_hash)
                VALUES (?, ?, 'gate-history', 'DENIED', 'CARD_UNKNOWN', DATE '2090-02-10', now(), now(), 'an earlier body')""", taken, site);
        TestClock.setTo(at(LocalDate.of(2090, 6, 20), "12:00"));
        TestCard card = newCard("ANNUAL");

        Map<String, Object> scan = byNumber(card.number());
        scan.put("entryId", taken.toString());
        assertProblem(post(site, scan), 422);
        assertProblem(postBatch(site, Map.of("entries", List.of(Map.of("entryId", taken.toString(), "cardNumber", card.number(),
                "scannedAt", TestClock.now().minusSeconds(60).toString())))), 422);
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM entry WHERE entry_id = ?::uuid", taken.toString()));
    }

    @Test
    void closedMonthsPastKeepingLeaveForTheArchiveWithTheirRowsAndTheRestStay() {
        YearMonth old = YearMonth.of(1950 + RANDOM.nextInt(40), 1 + RANDOM.nextInt(12));
        partitions.make(old).await().indefinitely();
        String site = newSite(10);
        UUID entryId = UUID.randomUUID();
        Rows.update(database, """
                INSERT INTO entry (entry_id, site_code, gate_subject, decision, reason, business_day, scanned_at, recorded_at, request_hash)
                VALUES (?, ?, 'gate-history', 'DENIED', 'CARD_UNKNOWN', ?, now(), now(), 'test')""", entryId, site, old.atDay(15));

        YearMonth open = old.plusMonths(1);
        partitions.make(open).await().indefinitely();
        close(old);
        // Closed but within keeping: two years back (the default keeps three), a month no other test closes.
        YearMonth closedKept = YearMonth.from(TestClock.today()).minusMonths(24);
        partitions.make(closedKept).await().indefinitely();
        if (Rows.count(database, "SELECT count(*) FROM settlement_period WHERE month = ?::date", closedKept.atDay(1).toString()) == 0) {
            close(closedKept);
        }

        List<String> archived = partitions.keep(TestClock.today()).await().indefinitely();

        assertTrue(archived.containsAll(List.of("entry" + suffix(old), "settlement_line" + suffix(old))), archived.toString());
        assertEquals(0, Rows.count(database, "SELECT count(*) FROM entry WHERE entry_id = ?::uuid", entryId.toString()));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM archive.entry" + suffix(old) + " WHERE entry_id = ?::uuid",
                entryId.toString()));
        List<MonthlyPartitions.Partition> attached = partitions.partitions().await().indefinitely();
        YearMonth current = YearMonth.from(TestClock.today());
        for (YearMonth kept : List.of(current.minusMonths(1), current, current.plusMonths(1), current.plusMonths(2))) {
            assertEquals(2, attached.stream().filter(partition -> partition.month().equals(kept)).count(), kept.toString());
        }
        assertTrue(attached.stream().noneMatch(partition -> partition.month().equals(old)));
        assertEquals(2, attached.stream().filter(partition -> partition.month().equals(open)).count(),
                "a month past keeping whose settlement is still open stays");
        assertEquals(2, attached.stream().filter(partition -> partition.month().equals(closedKept)).count(),
                "a closed month within keeping stays");
        assertEquals(List.of(), partitions.keep(TestClock.today()).await().indefinitely(), "nothing is left to archive");
    }
}
