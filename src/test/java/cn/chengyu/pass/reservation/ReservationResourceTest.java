package cn.chengyu.pass.reservation;

import cn.chengyu.pass.reservation.service.BookingRelease;
import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Parallel;
import cn.chengyu.pass.support.RestReads;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.post;
import static cn.chengyu.pass.support.GateFixtures.postBatch;
import static cn.chengyu.pass.support.GateFixtures.scan;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timed sessions: sites written with sessions, seats, bookings, cancellations, gates and no-shows. */
@QuarkusTest
class ReservationResourceTest {

    @Inject
    AgroalDataSource database;
    @Inject
    BookingRelease bookingRelease;

    /** Every test runs at noon of the service's day (Asia/Shanghai), in the day session of its site. */
    @BeforeEach
    void atNoon() {
        TestClock.setTo(TestClock.todayAt("12:00"));
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static Map<String, Object> session(String code, String opens, String closes, int capacity, String reservation) {
        return Map.of("code", code, "name", Map.of("zh", "场次", "en", "Session " + code), "opens", opens, "closes", closes,
                "capacity", capacity, "reservation", reservation);
    }

    private static Map<String, Object> siteBody(List<Map<String, Object>> sessions) {
        Map<String, Object> body = new HashMap<>(Map.of("name", Map.of("zh", "夜游", "en", "Night test"), "city", "Leshan",
                "province", "SICHUAN", "location", Map.of("lat", 29.55, "lon", 103.77),
                "openingHours", Map.of("opens", "09:00", "closes", "10:00"), "dailyCapacity", 1, "status", "OPEN"));
        if (sessions != null) {
            body.put("sessions", sessions);
        }
        return body;
    }

    private static ValidatableResponse putSite(String code, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/sites/" + code).then();
    }

    /** A site with a day session 08:00–16:00 (OPTIONAL) and a night session 16:00–02:00 (REQUIRED). */
    private static String nightSite(int dayCapacity, int nightCapacity) {
        String code = "rs-" + UUID.randomUUID().toString().substring(0, 12);
        putSite(code, siteBody(List.of(session("day", "08:00", "16:00", dayCapacity, "OPTIONAL"),
                session("night", "16:00", "02:00", nightCapacity, "REQUIRED")))).statusCode(201);
        return code;
    }

    private static ValidatableResponse book(TestCard card, String site, LocalDate date, String session) {
        return given().auth().oauth2(TestTokens.holder(card.holder())).contentType(ContentType.JSON)
                .body(Map.of("site", site, "date", date.toString(), "session", session))
                .when().post("/api/v1/cards/" + card.id() + "/reservations").then();
    }

    private static ValidatableResponse availability(String site, LocalDate date) {
        return given().queryParam("date", date.toString()).when().get("/api/v1/sites/" + site + "/sessions").then();
    }

    private static ValidatableResponse gateCopy(String site, long since) {
        return given().auth().oauth2(TestTokens.gate("gate-of-" + site, site)).queryParam("since", since)
                .when().get("/api/v1/sites/" + site + "/reservations").then();
    }

    private int count(String sql, String value) {
        return Rows.count(database, sql, value);
    }

    @Test
    void aSiteWrittenWithSessionsReadsTheirSpanAndTotalCapacity() {
        String site = nightSite(30, 20);
        given().when().get("/api/v1/sites/" + site).then().statusCode(200)
                .body("sessions.code", contains("day", "night"))
                .body("sessions[1].closes", equalTo("02:00"))
                .body("sessions[1].reservation", equalTo("REQUIRED"))
                .body("openingHours.opens", equalTo("08:00"))
                .body("openingHours.closes", equalTo("02:00"))
                .body("dailyCapacity", equalTo(50));
    }

    @Test
    void aSiteWrittenWithoutSessionsHasOneOptionalDaySession() {
        String site = "rs-" + UUID.randomUUID().toString().substring(0, 12);
        putSite(site, siteBody(null)).statusCode(201)
                .body("sessions.code", contains("day"))
                .body("sessions[0].opens", equalTo("09:00"))
                .body("sessions[0].closes", equalTo("10:00"))
                .body("sessions[0].capacity", equalTo(1))
                .body("sessions[0].reservation", equalTo("OPTIONAL"));
    }

    @Test
    void theLaunchCatalogHasItsNightSessions() {
        given().when().get("/api/v1/sites/cd-kuanzhai").then().statusCode(200)
                .body("sessions.find { it.code == 'night' }.opens", equalTo("18:00"))
                .body("sessions.find { it.code == 'night' }.closes", equalTo("01:00"))
                .body("sessions.find { it.code == 'night' }.reservation", equalTo("REQUIRED"));
        given().when().get("/api/v1/sites/cq-hongyadong").then().statusCode(200)
                .body("sessions.code", contains("day", "night"))
                .body("sessions[1].closes", equalTo("23:30"));
        given().when().get("/api/v1/sites/cq-ciqikou").then().statusCode(200)
                .body("sessions.find { it.code == 'night' }.reservation", equalTo("REQUIRED"));
    }

    @Test
    void overlappingOrDuplicateSessionsAreRefused() {
        String site = "rs-" + UUID.randomUUID().toString().substring(0, 12);
        assertProblem(putSite(site, siteBody(List.of(session("day", "08:00", "17:00", 1, "OPTIONAL"),
                session("night", "16:00", "02:00", 1, "REQUIRED")))), 400, "validation");
        assertProblem(putSite(site, siteBody(List.of(session("night", "20:00", "08:30", 1, "REQUIRED"),
                session("day", "08:00", "12:00", 1, "OPTIONAL")))), 400, "validation");
        assertProblem(putSite(site, siteBody(List.of(session("day", "08:00", "10:00", 1, "OPTIONAL"),
                session("day", "11:00", "12:00", 1, "OPTIONAL")))), 400, "validation");
        List<Map<String, Object>> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(session("s" + i, String.format("%02d:00", i + 1), String.format("%02d:30", i + 1), 1, "OPTIONAL"));
        }
        assertProblem(putSite(site, siteBody(seven)), 400, "validation");
        given().when().get("/api/v1/sites/" + site).then().statusCode(404);
    }

    @Test
    void availabilityShowsEachSessionsSeats() {
        String site = nightSite(30, 20);
        availability(site, TestClock.today()).statusCode(200)
                .body("session", contains("day", "night"))
                .body("[1].capacity", equalTo(20))
                .body("[1].booked", equalTo(0))
                .body("[1].admitted", equalTo(0))
                .body("[1].remaining", equalTo(20))
                .body("[1].level", equalTo("GREEN"))
                .body("[1].reservation", equalTo("REQUIRED"));
        given().when().get("/api/v1/sites/" + site + "/sessions").then().statusCode(200).body("session", contains("day", "night"));
        assertProblem(given().queryParam("date", "2026-02-30").when().get("/api/v1/sites/" + site + "/sessions").then(),
                400, "validation");
        given().when().get("/api/v1/sites/no-such-site/sessions").then().statusCode(404);
    }

    @Test
    void availabilityHeldReadyIsAnsweredExactlyAsTheRestLayerAnswersIt() {
        String site = nightSite(30, 20);
        String path = "/api/v1/sites/" + site + "/sessions";
        boolean byRouter = false;
        // A day's first read loads it (SessionResource); a read within the half second it is held goes to HotAvailability.
        for (int day = 0; day <= 7 && !byRouter; day++) {
            String date = TestClock.today().plusDays(day).toString();
            int restReads = RestReads.sessions();
            var loaded = given().queryParam("date", date).when().get(path).then().statusCode(200).extract();
            assertEquals(restReads + 1, RestReads.sessions(), "the first read is answered by the REST layer");
            var ready = given().queryParam("date", date).when().get(path).then().statusCode(200).extract();
            byRouter = RestReads.sessions() == restReads + 1;
            assertEquals(loaded.asString(), ready.asString());
            assertEquals(loaded.contentType(), ready.contentType());
        }
        assertTrue(byRouter, "no read was answered from the copy held ready");
        // A malformed date is left to the REST layer, which answers a problem; so is a held day written with a
        // signed five-digit year, which ISO would read as the same day.
        assertProblem(given().queryParam("date", "tomorrow").when().get(path).then(), 400, "validation");
        for (int day = 0; day <= 7; day++) {
            assertProblem(given().queryParam("date", "+0" + TestClock.today().plusDays(day)).when().get(path).then(), 400, "validation");
        }
    }

    @Test
    void aBookingHoldsASeatAtOnce() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        availability(site, today).statusCode(200).body("[1].remaining", equalTo(20));
        book(card, site, today, "night").statusCode(201)
                .body("status", equalTo("BOOKED"))
                .body("cardId", equalTo(card.id()))
                .body("site", equalTo(site))
                .body("date", equalTo(today.toString()))
                .body("session", equalTo("night"));
        availability(site, today).statusCode(200).body("[1].booked", equalTo(1)).body("[1].remaining", equalTo(19));
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(200).body("session", contains("night")).body("status", contains("BOOKED"));
    }

    @Test
    void aCardHoldsOneLiveReservationPerSiteAndDay() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        book(card, site, today, "night").statusCode(201);
        assertProblem(book(card, site, today, "day"), 409, "already-reserved");
        book(card, site, today.plusDays(1), "night").statusCode(201);
        assertEquals(1, bookedOn(site, today));
    }

    private int usedBookingsOf(String card) {
        return count("SELECT count(*) FROM reservation WHERE status = 'USED' AND card_id = ?::uuid", card);
    }

    private int bookedOn(String site, LocalDate day) {
        return count("SELECT coalesce(sum(booked), 0) FROM site_day_admissions WHERE site_code = ? AND day = '" + day + "'", site);
    }

    @Test
    void aFullSessionIsRefused() {
        String site = nightSite(30, 1);
        LocalDate today = TestClock.today();
        book(newCard("ANNUAL"), site, today, "night").statusCode(201);
        assertProblem(book(newCard("ANNUAL"), site, today, "night"), 409, "session-full");
        assertEquals(1, bookedOn(site, today));
    }

    @Test
    void aClosedSiteTakesNoBookings() {
        String site = nightSite(30, 20);
        Map<String, Object> closed = siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL"),
                session("night", "16:00", "02:00", 20, "REQUIRED")));
        closed.put("status", "CLOSED");
        putSite(site, closed).statusCode(200).body("status", equalTo("CLOSED"));
        TestCard card = newCard("ANNUAL");
        LocalDate tomorrow = TestClock.today().plusDays(1);
        // the gates would refuse the seat (SITE_CLOSED) and the unused booking would count as a no-show
        assertProblem(book(card, site, tomorrow, "night"), 409, "site-closed");
        assertEquals(0, bookedOn(site, tomorrow));

        closed.put("status", "OPEN");
        putSite(site, closed).statusCode(200);
        book(card, site, tomorrow, "night").statusCode(201);
        assertEquals(1, bookedOn(site, tomorrow));
    }

    @Test
    void closingASiteCancelsTheBookingsOfItsSessionsNotEndedAndFreesTheirSeats() {
        String site = nightSite(30, 20);
        LocalDate today = TestClock.today();
        TestCard early = newCard("ANNUAL");
        TestCard tonight = newCard("ANNUAL");
        book(early, site, today, "day").statusCode(201);
        String tonightsBooking = book(tonight, site, today, "night").statusCode(201).extract().path("id");
        book(tonight, site, today.plusDays(1), "night").statusCode(201);
        Instant fivePm = TestClock.todayAt("17:00");
        Instant nextWeek = fivePm.plus(Duration.ofDays(7));
        TestClock.setTo(fivePm);
        long before = gateCopy(site, 0).statusCode(200).extract().jsonPath().getLong("version");
        Map<String, Object> closed = siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL"),
                session("night", "16:00", "02:00", 20, "REQUIRED")));
        closed.put("status", "CLOSED");
        putSite(site, closed).statusCode(200);

        // tonight's session runs and tomorrow's has not begun: the gates would refuse both (SITE_CLOSED)
        reservationsOf(tonight).body("status", contains("CANCELLED", "CANCELLED"));
        assertEquals(0, count("SELECT coalesce(sum(booked), 0) FROM site_day_admissions "
                + "WHERE site_code = ? AND session_code = 'night'", site));
        gateCopy(site, before).statusCode(200)
                .body("reservations.find { it.id == '" + tonightsBooking + "' }.status", equalTo("CANCELLED"));
        // the day session had ended unused before the site closed: that booking stays what it was
        reservationsOf(early).body("status", contains("NO_SHOW"));
        assertEquals(1, count("SELECT booked FROM site_day_admissions WHERE site_code = ? AND session_code = 'day'", site));
        TestClock.setTo(nextWeek);
        reservationsOf(tonight).body("status", contains("CANCELLED", "CANCELLED"));
    }

    @Test
    void aCardRevokedOrSuspendedByTheAuthorityGivesUpItsBookingsOneItsHolderSuspendsKeepsThem() {
        String site = nightSite(30, 20);
        LocalDate today = TestClock.today();
        TestCard card = newCard("ANNUAL");
        book(card, site, today, "night").statusCode(201);
        book(card, site, today.plusDays(1), "night").statusCode(201);
        cardAction(TestTokens.holder(card.holder()), card, "suspend", null).statusCode(200);
        cardAction(TestTokens.holder(card.holder()), card, "reinstate", null).statusCode(200);
        // a holder's own suspension (a lost phone) waits for the card to come back or be replaced, bookings and all
        reservationsOf(card).body("status", contains("BOOKED", "BOOKED"));

        cardAction(TestTokens.admin(), card, "suspend", Map.of("reason", "Fraud check")).statusCode(200);
        reservationsOf(card).body("status", contains("CANCELLED", "CANCELLED"));
        assertEquals(0, bookedOn(site, today) + bookedOn(site, today.plusDays(1)));

        TestCard revoked = newCard("ANNUAL");
        book(revoked, site, today, "night").statusCode(201);
        cardAction(TestTokens.admin(), revoked, "revoke", null).statusCode(200);
        reservationsOf(revoked).body("status", contains("CANCELLED"));
        assertEquals(0, bookedOn(site, today));
    }

    private static ValidatableResponse cardAction(String token, TestCard card, String action, Map<String, Object> body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().post("/api/v1/cards/" + card.id() + "/" + action).then();
    }

    private static ValidatableResponse reservationsOf(TestCard card) {
        return given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(200);
    }

    @Test
    void aRetimedSessionMovesItsBookingsToItsNewTimes() {
        String site = nightSite(30, 20);
        LocalDate today = TestClock.today();
        TestCard card = newCard("ANNUAL");
        String id = book(card, site, today, "night").statusCode(201).extract().path("id");
        Instant sixPm = TestClock.todayAt("18:00");
        Instant halfPastFive = TestClock.todayAt("17:30");
        putSite(site, siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL"),
                session("night", "18:00", "02:00", 20, "REQUIRED")))).statusCode(200);
        gateCopy(site, 0).statusCode(200).body("reservations.opensAt", contains(sixPm.toString()));
        // the night now opens at 18:00: at 17:30 its booking may still be cancelled
        TestClock.setTo(halfPastFive);
        cancel(card, id).statusCode(200).body("status", equalTo("CANCELLED"));
    }

    /**
     * A transaction holding the site's night seat counter of that day (made by a booking made and
     * cancelled), so that a booking of that night waits there for its seat; the caller commits it.
     */
    private Connection holdingNightSeats(String site, LocalDate day) throws SQLException {
        TestCard first = newCard("ANNUAL");
        cancel(first, book(first, site, day, "night").statusCode(201).extract().path("id")).statusCode(200);
        Connection seats = database.getConnection();
        seats.setAutoCommit(false);
        try (PreparedStatement lock = seats.prepareStatement("SELECT 1 FROM site_day_admissions "
                + "WHERE site_code = ? AND day = ?::date AND session_code = 'night' FOR UPDATE")) {
            lock.setString(1, site);
            lock.setString(2, day.toString());
            lock.executeQuery().close();
        }
        return seats;
    }

    @Test
    void aSessionRetimedToHaveEndedAlreadyCancelsItsBookingsRatherThanCountThemAsNoShows() {
        String site = nightSite(30, 20);
        LocalDate today = TestClock.today();
        TestCard card = newCard("ANNUAL");
        book(card, site, today, "night").statusCode(201);
        Instant eightPm = TestClock.todayAt("20:00");
        TestClock.setTo(eightPm);
        // tonight's session now closes at 19:00: it is over, and its booking could never have been used
        putSite(site, siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL"),
                session("night", "16:00", "19:00", 20, "REQUIRED")))).statusCode(200);
        reservationsOf(card).body("status", contains("CANCELLED"));
        assertEquals(0, count("SELECT booked FROM site_day_admissions WHERE site_code = ? AND session_code = 'night'", site));
    }

    @Test
    void bookingsFollowTheSitesSessionsAsTheLastChangeLeftThem() throws Exception {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        book(card, site, TestClock.today(), "night").statusCode(201);
        TestClock.setTo(TestClock.todayAt("20:00"));
        // a change ended tonight's session at 19:00 and committed; its bookings have not followed it yet
        Rows.update(database, "UPDATE site_session SET closes = '19:00' WHERE site_code = ? AND code = 'night'", site);
        CompletableFuture<Void> following;
        try (Connection next = database.getConnection()) {
            next.setAutoCommit(false);
            // the next change, under way: the site's row taken, the night running to 02:00 again
            try (PreparedStatement site1 = next.prepareStatement("UPDATE site SET name_en = name_en WHERE code = ?");
                 PreparedStatement night = next.prepareStatement(
                         "UPDATE site_session SET closes = '02:00' WHERE site_code = ? AND code = 'night'")) {
                site1.setString(1, site);
                site1.executeUpdate();
                night.setString(1, site);
                night.executeUpdate();
            }
            // the first change's bookings follow it only now, and wait for the site's row
            following = bookingRelease.siteChanged(site).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> lockWaits("%FOR NO KEY UPDATE%") >= 1);
            next.commit();
        }
        following.get(30, TimeUnit.SECONDS);
        // they follow the sessions as the last change left them: the night runs, the booking holds
        reservationsOf(card).body("status", contains("BOOKED"));
    }

    @Test
    void aCardSuspendedByTheAuthorityWhileItBooksKeepsNoBooking() throws Exception {
        String site = nightSite(30, 20);
        LocalDate tomorrow = TestClock.today().plusDays(1);
        TestCard card = newCard("ANNUAL");
        CompletableFuture<ValidatableResponse> booking;
        CompletableFuture<ValidatableResponse> suspension;
        try (Connection seats = holdingNightSeats(site, tomorrow)) {
            // the booking was judged on the card as usable, and waits for its seat
            booking = CompletableFuture.supplyAsync(() -> book(card, site, tomorrow, "night"));
            awaitLockWaits(1);
            suspension = CompletableFuture.supplyAsync(() -> cardAction(TestTokens.admin(), card, "suspend",
                    Map.of("reason", "Fraud check")));
            // it waits for the booking, which holds the card's row
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> suspension.isDone() || lockWaits("%FOR UPDATE%") >= 1);
            seats.commit();
        }
        booking.get(30, TimeUnit.SECONDS);
        suspension.get(30, TimeUnit.SECONDS).statusCode(200);
        assertEquals(0, count("SELECT count(*) FROM reservation WHERE card_id = ?::uuid AND status = 'BOOKED'", card.id()),
                "a card the authority suspended holds no booking");
        assertEquals(0, bookedOn(site, tomorrow));
    }

    @Test
    void aSessionTakingABookingCannotBeRemovedMeanwhile() throws Exception {
        String site = nightSite(30, 20);
        LocalDate tomorrow = TestClock.today().plusDays(1);
        TestCard card = newCard("ANNUAL");
        CompletableFuture<ValidatableResponse> booking;
        CompletableFuture<ValidatableResponse> removal;
        try (Connection seats = holdingNightSeats(site, tomorrow)) {
            booking = CompletableFuture.supplyAsync(() -> book(card, site, tomorrow, "night"));
            awaitLockWaits(1);
            // the site's sessions become the day one alone, while the booking is judged on its night session
            removal = CompletableFuture.supplyAsync(() -> putSite(site,
                    siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL")))));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> removal.isDone() || lockWaits() >= 2);
            seats.commit();
        }
        booking.get(30, TimeUnit.SECONDS).statusCode(201);
        assertProblem(removal.get(30, TimeUnit.SECONDS), 409);
        assertEquals(0, count("SELECT count(*) FROM reservation r WHERE r.site_code = ? AND r.status = 'BOOKED' AND NOT EXISTS "
                + "(SELECT 1 FROM site_session s WHERE s.site_code = r.site_code AND s.code = r.session_code)", site),
                "no booking holds a session the site no longer has");
    }

    @Test
    void aBookingWhoseSessionIsReplacedMeanwhileIsJudgedAgainOnTheNewOne() throws Exception {
        String site = nightSite(30, 20);
        LocalDate tomorrow = TestClock.today().plusDays(1);
        TestCard card = newCard("ANNUAL");
        CompletableFuture<ValidatableResponse> edit;
        CompletableFuture<ValidatableResponse> booking;
        try (Connection other = database.getConnection()) {
            other.setAutoCommit(false);
            // an uncommitted session "evening" of the site holds the PUT after it has deleted the old sessions
            try (PreparedStatement hold = other.prepareStatement("INSERT INTO site_session (site_code, code, name_zh, "
                    + "name_en, opens, closes, capacity, reservation) VALUES (?, 'evening', '傍晚', 'Evening', '12:00', '16:00', 1, 'OPTIONAL')")) {
                hold.setString(1, site);
                hold.executeUpdate();
            }
            edit = CompletableFuture.supplyAsync(() -> putSite(site, siteBody(List.of(
                    session("day", "08:00", "12:00", 30, "OPTIONAL"), session("evening", "12:00", "16:00", 10, "OPTIONAL"),
                    session("night", "16:00", "02:00", 20, "REQUIRED")))));
            awaitLockWaits(1);
            booking = CompletableFuture.supplyAsync(() -> book(card, site, tomorrow, "night"));
            awaitLockWaits(2);
            other.rollback();
        }
        edit.get(30, TimeUnit.SECONDS).statusCode(200);
        // the night session it was judged on is gone; the night session the PUT wrote takes it
        booking.get(30, TimeUnit.SECONDS).statusCode(201).body("session", equalTo("night"));
        assertEquals(1, bookedOn(site, tomorrow));
    }

    /** Statements of bookings and site PUTs (each names site_session) waiting for a lock. */
    private int lockWaits() {
        return lockWaits("%site_session%");
    }

    /** Statements like {@code query} waiting for a lock now. */
    private int lockWaits(String query) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() "
                + "AND query ILIKE ?", query);
    }

    private void awaitLockWaits(int waits) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> lockWaits() >= waits);
    }

    @Test
    void onlyBookableDaysAndSessionsAreBooked() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        assertProblem(book(card, site, today.plusDays(8), "night"), 422, "not-bookable");
        assertProblem(book(card, site, today.minusDays(1), "night"), 422, "not-bookable");
        assertProblem(book(card, site, today, "matinee"), 422, "not-bookable");
        TestClock.setTo(TestClock.todayAt("16:30"));
        assertProblem(book(card, site, today, "day"), 422, "not-bookable");
        book(card, site, today.plusDays(7), "day").statusCode(201);
        assertProblem(given().auth().oauth2(TestTokens.holder(card.holder())).contentType(ContentType.JSON)
                .body(Map.of("site", site, "date", "someday", "session", "day"))
                .when().post("/api/v1/cards/" + card.id() + "/reservations").then(), 400, "malformed-body");
    }

    @Test
    void onlyTheCardsOwnerBooks() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        given().auth().oauth2(TestTokens.holder("someone-else")).contentType(ContentType.JSON)
                .body(Map.of("site", site, "date", TestClock.today().toString(), "session", "night"))
                .when().post("/api/v1/cards/" + card.id() + "/reservations").then().statusCode(404);
        given().auth().oauth2(TestTokens.gate("g", site)).contentType(ContentType.JSON)
                .body(Map.of("site", site, "date", TestClock.today().toString(), "session", "night"))
                .when().post("/api/v1/cards/" + card.id() + "/reservations").then().statusCode(403);
        assertProblem(book(card, "no-such-site", TestClock.today(), "night"), 404, "not-found");
    }

    @Test
    void aSuspendedCardCannotBook() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        given().auth().oauth2(TestTokens.holder(card.holder())).when().post("/api/v1/cards/" + card.id() + "/suspend")
                .then().statusCode(200);
        assertProblem(book(card, site, TestClock.today(), "night"), 409, "conflict");
    }

    @Test
    void cancellingFreesTheSeatUntilTheSessionOpens() {
        String site = nightSite(30, 1);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        String id = book(card, site, today, "night").statusCode(201).extract().path("id");
        cancel(card, id).statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(0, bookedOn(site, today));
        availability(site, today).statusCode(200).body("[1].remaining", equalTo(1));
        assertProblem(cancel(card, id), 409, "not-cancellable");
        book(newCard("ANNUAL"), site, today, "night").statusCode(201);
        String later = book(card, site, today.plusDays(1), "night").statusCode(201).extract().path("id");
        TestClock.setTo(TestClock.todayAt("12:00").plus(Duration.ofDays(1)).plus(Duration.ofHours(5)));
        assertProblem(cancel(card, later), 409, "not-cancellable");
        given().auth().oauth2(TestTokens.holder("someone-else")).when()
                .post("/api/v1/cards/" + card.id() + "/reservations/" + later + "/cancel").then().statusCode(404);
        cancel(card, UUID.randomUUID().toString()).statusCode(404);
    }

    private static ValidatableResponse cancel(TestCard card, String reservation) {
        return given().auth().oauth2(TestTokens.holder(card.holder())).when()
                .post("/api/v1/cards/" + card.id() + "/reservations/" + reservation + "/cancel").then();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyBooksOnce() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("site", site, "date", TestClock.today().toString(), "session", "night");
        String first = given().auth().oauth2(TestTokens.holder(card.holder())).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.holder(card.holder())).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(201).body("id", equalTo(first));
        assertEquals(1, count("SELECT count(*) FROM reservation WHERE card_id = ?::uuid", card.id()));
    }

    @Test
    void aGatesCopyAfterMidnightIsOfTheNightSessionStillRunning() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        String id = book(card, site, today, "night").statusCode(201).extract().path("id");
        Instant halfPastMidnight = TestClock.todayAt("00:30").plus(Duration.ofDays(1));
        Instant threeOClock = TestClock.todayAt("03:00").plus(Duration.ofDays(1));
        // 00:30: the night session 16:00–02:00 of the day before still runs, and its bookings are what the gates need
        TestClock.setTo(halfPastMidnight);
        gateCopy(site, 0).statusCode(200).body("reservations.id", contains(id));
        // 03:00: nothing runs; the copy is of the calendar day
        TestClock.setTo(threeOClock);
        gateCopy(site, 0).statusCode(200).body("reservations", empty());
    }

    @Test
    void aRequiredSessionAdmitsOnlyTheBookedAndUsesTheBooking() {
        String site = nightSite(30, 20);
        TestCard booked = newCard("ANNUAL");
        TestCard walkIn = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        String id = book(booked, site, today, "night").statusCode(201).extract().path("id");
        long before = gateCopy(site, 0).statusCode(200).body("reservations.id", contains(id))
                .body("reservations[0].cardNumber", equalTo(booked.number()))
                .body("reservations[0].status", equalTo("BOOKED")).extract().jsonPath().getLong("version");
        TestClock.setTo(TestClock.todayAt("20:00"));
        post(site, byNumber(walkIn.number())).statusCode(201).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("NO_RESERVATION"));
        post(site, byNumber(booked.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        given().auth().oauth2(TestTokens.holder(booked.holder())).when().get("/api/v1/cards/" + booked.id() + "/reservations")
                .then().statusCode(200).body("status", contains("USED"));
        gateCopy(site, before).statusCode(200).body("reservations.id", contains(id)).body("reservations[0].status", equalTo("USED"));
        availability(site, today).statusCode(200).body("[1].booked", equalTo(0)).body("[1].admitted", equalTo(1));
        assertEquals(1, count("SELECT count(*) FROM reservation WHERE used_entry_id IS NOT NULL AND card_id = ?::uuid", booked.id()));
        // A used booking is not used again: a second scan the same day is refused, and the counters stay.
        post(site, byNumber(booked.number())).statusCode(201).body("decision", equalTo("DENIED"))
                .body("reason", equalTo("ALREADY_ENTERED"));
        assertEquals(1, count("SELECT admitted FROM site_day_admissions WHERE site_code = ? AND session_code = 'night'", site));
        assertEquals(0, bookedOn(site, today));
    }

    @Test
    void aReplacedCardsBookingReachesGatesWithTheNewNumberAndAdmitsIt() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        book(card, site, TestClock.today(), "night").statusCode(201);
        long seen = gateCopy(site, 0).statusCode(200).extract().jsonPath().getLong("version");
        String successor = given().auth().oauth2(TestTokens.holder(card.holder())).when().post("/api/v1/cards/" + card.id() + "/replace")
                .then().statusCode(201).extract().path("id");
        String number = given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + successor)
                .then().statusCode(200).extract().path("number");
        gateCopy(site, seen).statusCode(200).body("reservations.cardNumber", contains(number));
        TestClock.setTo(TestClock.todayAt("20:00"));
        post(site, byNumber(number)).statusCode(201).body("decision", equalTo("ADMITTED"));
    }

    @Test
    void aSessionHoldingBookingsCannotBeRemoved() {
        String site = nightSite(30, 20);
        book(newCard("ANNUAL"), site, TestClock.today().plusDays(2), "night").statusCode(201);
        assertProblem(putSite(site, siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL")))), 409, "conflict");
        given().when().get("/api/v1/sites/" + site).then().statusCode(200).body("sessions.code", contains("day", "night"));
        putSite(site, siteBody(List.of(session("day", "08:00", "16:00", 30, "OPTIONAL"),
                session("night", "16:00", "02:00", 25, "REQUIRED")))).statusCode(200);
    }

    @Test
    void aGateOfAnotherSiteGetsNoReservations() {
        String site = nightSite(30, 20);
        assertProblem(given().auth().oauth2(TestTokens.gate("gate-of-elsewhere", "cq-dazu")).when()
                .get("/api/v1/sites/" + site + "/reservations").then(), 403, "forbidden");
        gateCopy(site, 0).statusCode(200).body("reservations", empty());
    }

    @Test
    void aNightSessionsScanAfterMidnightCountsOnTheDayItOpened() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        book(card, site, today, "night").statusCode(201);
        TestClock.setTo(TestClock.todayAt("12:00").plus(Duration.ofHours(12).plusMinutes(30)));
        String entry = post(site, byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"))
                .extract().path("entryId");
        assertEquals(1, count("SELECT count(*) FROM entry WHERE entry_id = ?::uuid AND business_day = '" + today + "'", entry));
        availability(site, today).statusCode(200).body("[1].admitted", equalTo(1));
    }

    @Test
    void anOfflineAdmissionWithoutABookingStandsWithItsConflict() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        TestClock.setTo(TestClock.todayAt("20:00"));
        postBatch(site, Map.of("entries", List.of(scan("cardNumber", card.number(), TestClock.now().minusSeconds(60)))))
                .statusCode(200)
                .body("results[0].decision", equalTo("ADMITTED"))
                .body("results[0].reason", nullValue())
                .body("results[0].conflict", equalTo("NO_RESERVATION"));
    }

    @Test
    void anOfflineScanInABookedSessionUsesTheBooking() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        book(card, site, today, "night").statusCode(201);
        TestClock.setTo(TestClock.todayAt("20:00"));
        postBatch(site, Map.of("entries", List.of(scan("cardNumber", card.number(), TestClock.now().minusSeconds(60)))))
                .statusCode(200).body("results[0].decision", equalTo("ADMITTED")).body("results[0].conflict", nullValue());
        assertEquals(1, usedBookingsOf(card.id()));
        assertEquals(0, bookedOn(site, today));
    }

    @Test
    void anOfflineScanMadeBeforeItsBookingIsANoReservationConflict() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        Instant scanned = TestClock.todayAt("18:30");
        Instant booked = TestClock.todayAt("18:45");
        Instant uploaded = TestClock.todayAt("19:00");
        TestClock.setTo(booked);
        book(card, site, today, "night").statusCode(201);
        TestClock.setTo(uploaded);
        // the gate, offline, let the visitor into a session that needs a booking a quarter of an hour before it was made
        postBatch(site, Map.of("entries", List.of(scan("cardNumber", card.number(), scanned))))
                .statusCode(200).body("results[0].decision", equalTo("ADMITTED"))
                .body("results[0].conflict", equalTo("NO_RESERVATION"));
        assertEquals(1, count("SELECT count(*) FROM settlement_line WHERE site_code = ? AND status = 'DISPUTED'", site));
        assertEquals(1, usedBookingsOf(card.id()));
        assertEquals(0, bookedOn(site, today));
    }

    @Test
    void anOfflineAdmissionThatStandsOutsideEverySessionStillUsesTheDaysBooking() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        book(card, site, today, "night").statusCode(201);
        // At 07:00 no session runs: the gate let the booked visitor in early; the admission stands and uses the booking.
        postBatch(site, Map.of("entries", List.of(scan("cardNumber", card.number(), TestClock.todayAt("07:00")))))
                .statusCode(200).body("results[0].decision", equalTo("ADMITTED")).body("results[0].conflict", equalTo("SITE_CLOSED"));
        assertEquals(1, usedBookingsOf(card.id()));
        assertEquals(0, bookedOn(site, today));
        assertEquals(1, count("SELECT admitted FROM site_day_admissions WHERE site_code = ? AND session_code = 'night'", site));
    }

    @Test
    void aCardThatExpiresBeforeTheSessionCannotBookIt() {
        String site = nightSite(30, 20);
        TestCard card = newCard("PASS_72H");
        // first used at another site (at this one, once a site, it could book nothing more)
        post(nightSite(30, 20), byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        assertProblem(book(card, site, TestClock.today().plusDays(7), "night"), 409, "conflict");
        book(card, site, TestClock.today().plusDays(1), "night").statusCode(201);
    }

    @Test
    void aCardNotYetUsedCannotBookASessionAfterItsActivationDeadline() {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        // to be first used by tomorrow noon: tomorrow's night session opens after that, and its gate would refuse the card
        Rows.update(database, "UPDATE card SET activation_deadline = ? WHERE id = ?::uuid",
                TestClock.todayAt("12:00").plus(Duration.ofDays(1)), card.id());
        assertProblem(book(card, site, TestClock.today().plusDays(1), "night"), 409, "conflict")
                .body("detail", containsString("first used by"));
        assertEquals(0, bookedOn(site, TestClock.today().plusDays(1)));
        book(card, site, TestClock.today().plusDays(1), "day").statusCode(201);
    }

    @Test
    void aWalkInFitsAnOptionalSessionUntilBookingsAndWalkInsFillIt() {
        String site = nightSite(2, 20);
        book(newCard("ANNUAL"), site, TestClock.today(), "day").statusCode(201);
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        post(site, byNumber(newCard("ANNUAL").number())).statusCode(201).body("reason", equalTo("SITE_FULL"));
    }

    @Test
    void threeNoShowsWithinThirtyDaysSuspendBooking() {
        TestCard card = newCard("ANNUAL");
        List<String> sites = List.of(nightSite(5, 5), nightSite(5, 5), nightSite(5, 5), nightSite(5, 5));
        for (int i = 0; i < 3; i++) {
            book(card, sites.get(i), TestClock.today(), "day").statusCode(201);
        }
        // The day sessions end at 16:00: three no-shows, the third ending then; booking is suspended for 7 days from it.
        java.time.Instant thirdEnded = TestClock.todayAt("16:00");
        TestClock.setTo(thirdEnded.plus(Duration.ofDays(1)));
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(200).body("status", contains("NO_SHOW", "NO_SHOW", "NO_SHOW"));
        assertProblem(book(card, sites.get(3), TestClock.today(), "night"), 403, "booking-suspended")
                .body("detail", containsString("suspended until"));
        TestClock.setTo(thirdEnded.plus(Duration.ofDays(7)).minusSeconds(60));
        assertProblem(book(card, sites.get(3), TestClock.today(), "night"), 403, "booking-suspended");
        TestClock.setTo(thirdEnded.plus(Duration.ofDays(7)).plusSeconds(60));
        book(card, sites.get(3), TestClock.today(), "night").statusCode(201);
    }

    @Test
    void aCardThatEnteredASiteAsOftenAsItsProductAllowsCannotBookIt() {
        String site = nightSite(30, 20);
        TestCard annual = newCard("ANNUAL");
        post(site, byNumber(annual.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        // once a site a day: tonight's gate would refuse it ALREADY_ENTERED; tomorrow is another day
        assertProblem(book(annual, site, TestClock.today(), "night"), 409, "already-entered");
        book(annual, site, TestClock.today().plusDays(1), "night").statusCode(201);

        TestCard pass = newCard("PASS_72H");
        post(site, byNumber(pass.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        // once a site for good
        assertProblem(book(pass, site, TestClock.today().plusDays(1), "night"), 409, "already-entered");
        assertEquals(1, bookedOn(site, TestClock.today().plusDays(1)));
    }

    @Test
    void aBookingLeftUnusedBecauseItsHolderCameEarlierThatDayIsNoNoShow() {
        TestCard card = newCard("ANNUAL");
        List<String> sites = List.of(nightSite(5, 5), nightSite(5, 5), nightSite(5, 5), nightSite(5, 5));
        for (int i = 0; i < 3; i++) {
            book(card, sites.get(i), TestClock.today(), "night").statusCode(201);
            // the holder walks in during the day session instead: its gates then refuse the night (ALREADY_ENTERED)
            post(sites.get(i), byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        }
        Instant nextMorning = TestClock.todayAt("09:00").plus(Duration.ofDays(1));
        TestClock.setTo(nextMorning);
        given().auth().oauth2(TestTokens.holder(card.holder())).when().get("/api/v1/cards/" + card.id() + "/reservations")
                .then().statusCode(200).body("status", contains("NO_SHOW", "NO_SHOW", "NO_SHOW"));
        // the holder came each time: nothing to suspend booking for
        book(card, sites.get(3), TestClock.today(), "night").statusCode(201);
    }

    @Test
    void aWalkInAfterTheBookedSessionEndedDoesNotExcuseItsNoShow() {
        Instant nine = TestClock.todayAt("09:00");
        Instant one = TestClock.todayAt("13:00");
        Instant nextMorning = nine.plus(Duration.ofDays(1));
        TestCard card = newCard("ANNUAL");
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String code = "rs-" + UUID.randomUUID().toString().substring(0, 12);
            putSite(code, siteBody(List.of(session("am", "08:00", "12:00", 5, "OPTIONAL"),
                    session("pm", "12:00", "16:00", 5, "OPTIONAL")))).statusCode(201);
            sites.add(code);
        }
        TestClock.setTo(nine);
        for (int i = 0; i < 3; i++) {
            book(card, sites.get(i), TestClock.today(), "am").statusCode(201);
        }
        // the holder missed each morning it booked and came in the afternoon: three no-shows all the same
        TestClock.setTo(one);
        for (int i = 0; i < 3; i++) {
            post(sites.get(i), byNumber(card.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        }
        TestClock.setTo(nextMorning);
        assertProblem(book(card, sites.get(3), TestClock.today(), "pm"), 403, "booking-suspended");
    }

    @Test
    void twentyFourBookingsForFiveSeatsBookFive() throws Exception {
        String site = nightSite(30, 5);
        List<TestCard> cards = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            cards.add(newCard("ANNUAL"));
        }
        LocalDate today = TestClock.today();
        Map<String, Integer> outcomes = Parallel.fire(24, i -> () -> {
            var answer = book(cards.get(i), site, today, "night").extract();
            return answer.statusCode() == 201 ? "BOOKED" : answer.path("type");
        }, "none");
        assertEquals(Map.of("BOOKED", 5, "urn:chengyu-pass:problem:session-full", 19), outcomes);
        assertEquals(5, count("SELECT count(*) FROM reservation WHERE site_code = ? AND status = 'BOOKED'", site));
        assertEquals(5, bookedOn(site, today));
    }

    @Test
    void oneCardBookingTenTimesAtOnceHoldsOneSeat() throws Exception {
        String site = nightSite(30, 20);
        TestCard card = newCard("ANNUAL");
        LocalDate today = TestClock.today();
        Map<String, Integer> outcomes = Parallel.fire(10, i -> () -> {
            var answer = book(card, site, today, i % 2 == 0 ? "night" : "day").extract();
            return answer.statusCode() == 201 ? "BOOKED" : answer.path("type");
        }, "none");
        assertEquals(Map.of("BOOKED", 1, "urn:chengyu-pass:problem:already-reserved", 9), outcomes);
        assertEquals(1, count("SELECT count(*) FROM reservation WHERE card_id = ?::uuid", card.id()));
        assertEquals(1, bookedOn(site, today));
    }

    @Test
    void bookingsAndWalkInsRacingForTheLastSeatsNeverPassCapacity() throws Exception {
        String site = nightSite(10, 20);
        List<TestCard> cards = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            cards.add(newCard("ANNUAL"));
        }
        LocalDate today = TestClock.today();
        Parallel.fire(24, i -> () -> i % 2 == 0
                ? String.valueOf(book(cards.get(i), site, today, "day").extract().statusCode())
                : post(site, byNumber(cards.get(i).number())).statusCode(201).extract().path("decision"), "none");
        int booked = count("SELECT count(*) FROM reservation WHERE site_code = ? AND status = 'BOOKED'", site);
        int admitted = count("SELECT count(*) FROM entry WHERE site_code = ? AND decision = 'ADMITTED'", site);
        assertEquals(10, booked + admitted);
        assertEquals(10, count("SELECT admitted + booked FROM site_day_admissions WHERE site_code = ? AND session_code = 'day'", site));
    }
}
