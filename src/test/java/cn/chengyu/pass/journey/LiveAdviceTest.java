package cn.chengyu.pass.journey;

import cn.chengyu.pass.entry.OccupancyLevel;
import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.site.GeoPoint;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.web.LocalizedName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Levels, sessions still open and alternatives along a route, on fixed data and a fixed instant. */
class LiveAdviceTest {

    /** 2026-10-01 12:00 in Asia/Shanghai. */
    private static final Instant NOON = Instant.parse("2026-10-01T04:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

    private static final Session MORNING = new Session("morning", LocalTime.of(7, 0), LocalTime.of(11, 0), 100, ReservationRule.OPTIONAL);
    private static final Session DAY = new Session("day", LocalTime.of(9, 0), LocalTime.of(18, 0), 100, ReservationRule.OPTIONAL);
    private static final Session NIGHT = new Session("night", LocalTime.of(18, 0), LocalTime.of(1, 0), 100, ReservationRule.REQUIRED);

    private static LiveAdvice.SessionSeats seats(Session session, int admitted, int booked) {
        return new LiveAdvice.SessionSeats(session, admitted, booked);
    }

    private static LiveAdvice.Place place(String code, String city, double lat, double lon, boolean open,
                                          LiveAdvice.SessionSeats... sessions) {
        return new LiveAdvice.Place(code, new LocalizedName(code, code), city, new GeoPoint(lat, lon), open, List.of(sessions));
    }

    /** An open site in Chongqing, {@code km} north of the stop along its meridian, with room. */
    private static LiveAdvice.Place northOfStop(String code, double km, LiveAdvice.SessionSeats... sessions) {
        return place(code, "Chongqing", 29.0 + km / 111.1951, 106.5, true,
                sessions.length == 0 ? new LiveAdvice.SessionSeats[] {seats(DAY, 0, 0)} : sessions);
    }

    private static PublishedRoute route(String... sites) {
        return new PublishedRoute("night-route", 1, Theme.FOOD_CULTURE, new LocalizedName("夜", "Night"), "",
                Arrays.stream(sites).map(site -> new RouteContent.Stop(site, 1, null)).toList(), NOON);
    }

    private static Map<String, LiveAdvice.Place> places(LiveAdvice.Place... all) {
        return Stream.of(all).collect(Collectors.toMap(LiveAdvice.Place::code, Function.identity()));
    }

    private static LiveRoute.Stop only(LiveRoute live) {
        return live.stops().get(0);
    }

    @Test
    void aDegreeOfLatitudeIsAHundredAndElevenKilometres() {
        GeoPoint equator = new GeoPoint(0.0, 106.5);
        assertEquals(111.195, equator.distanceKm(new GeoPoint(1.0, 106.5)), 0.001);
        assertEquals(0.0, equator.distanceKm(equator), 1e-9);
        GeoPoint chongqing = new GeoPoint(29.5632, 106.5792);
        GeoPoint chengdu = new GeoPoint(30.6598, 104.0633);
        assertEquals(chongqing.distanceKm(chengdu), chengdu.distanceKm(chongqing), 1e-9);
        assertEquals(271.0, chongqing.distanceKm(chengdu), 0.5);
    }

    @Test
    void theLevelCountsBookedAndAdmittedSeatsOfAllSessionsAgainstTheirCapacity() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(DAY, 70, 20), seats(NIGHT, 50, 25));

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY, NOON, places(stop), Set.of()));

        assertEquals(OccupancyLevel.of(165, 200), live.level());
        assertEquals(OccupancyLevel.YELLOW, live.level());
        assertFalse(live.full());
        assertTrue(live.alternatives().isEmpty());
    }

    @Test
    void atNoonTheMorningSessionHasEndedAndTheDayAndNightOnesAreStillOpen() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(MORNING, 5, 0), seats(DAY, 30, 10),
                seats(NIGHT, 0, 99));

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY, NOON, places(stop), Set.of()));

        assertEquals(List.of("day", "night"), live.openSessions().stream().map(LiveRoute.OpenSession::session).toList());
        assertEquals(List.of(60, 1), live.openSessions().stream().map(LiveRoute.OpenSession::remaining).toList());
        assertEquals("18:00", live.openSessions().get(1).opens());
        assertEquals("01:00", live.openSessions().get(1).closes());
        assertEquals(ReservationRule.REQUIRED, live.openSessions().get(1).reservation());
    }

    @Test
    void tomorrowEverySessionIsStillOpen() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(MORNING, 0, 0), seats(DAY, 0, 0));

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY.plusDays(1), NOON, places(stop), Set.of()));

        assertEquals(2, live.openSessions().size());
    }

    @Test
    void justAfterMidnightYesterdaysNightSessionStillRunsAndItsDaySessionIsOver() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(DAY, 0, 0), seats(NIGHT, 3, 0));
        Instant halfPastMidnight = Instant.parse("2026-09-30T16:30:00Z");

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY.minusDays(1), halfPastMidnight, places(stop), Set.of()));

        assertEquals(List.of("night"), live.openSessions().stream().map(LiveRoute.OpenSession::session).toList());
        assertFalse(live.full());
    }

    @Test
    void aStopWhoseOpenSessionsHaveNoSeatLeftIsFullAndGetsAlternativesThoughItIsNotRed() {
        Session big = new Session("morning", LocalTime.of(7, 0), LocalTime.of(11, 0), 1000, ReservationRule.OPTIONAL);
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(big, 0, 0), seats(DAY, 60, 40));
        LiveAdvice.Place near = northOfStop("near", 2);

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY, NOON, places(stop, near), Set.of()));

        assertEquals(OccupancyLevel.GREEN, live.level());
        assertTrue(live.full());
        assertEquals(List.of("near"), live.alternatives().stream().map(LiveRoute.Alternative::siteCode).toList());
    }

    @Test
    void aClosedSiteHasNoOpenSessionAndIsFull() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, false, seats(DAY, 0, 0));

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY, NOON, places(stop), Set.of()));

        assertTrue(live.openSessions().isEmpty());
        assertTrue(live.full());
    }

    @Test
    void aRedStopGetsTheThreeNearestSitesOfItsCityOrThemeThatAreOpenNotRedNotFullAndNotOnTheRoute() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(DAY, 95, 0));
        LiveAdvice.Place nextStop = northOfStop("next-stop", 0.5);
        LiveAdvice.Place red = northOfStop("red", 1, seats(DAY, 90, 5));
        LiveAdvice.Place full = northOfStop("full", 1.5, seats(MORNING, 0, 0), seats(DAY, 50, 50));
        LiveAdvice.Place closed = place("closed", "Chongqing", 29.0 + 2 / 111.1951, 106.5, false, seats(DAY, 0, 0));
        LiveAdvice.Place orange = northOfStop("orange", 12.26, seats(DAY, 90, 0));
        LiveAdvice.Place near = northOfStop("near", 3.04);
        LiveAdvice.Place far = northOfStop("far", 40);
        LiveAdvice.Place otherCity = place("other-city", "Chengdu", 29.0 + 4 / 111.1951, 106.5, true, seats(DAY, 0, 0));
        LiveAdvice.Place themedFarAway = place("themed", "Yibin", 29.0 + 20 / 111.1951, 106.5, true, seats(DAY, 0, 0));

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop", "next-stop"), TODAY, NOON,
                places(stop, nextStop, red, full, closed, orange, near, far, otherCity, themedFarAway), Set.of("themed")));

        assertEquals(OccupancyLevel.RED, live.level());
        assertEquals(List.of("near", "orange", "themed"), live.alternatives().stream().map(LiveRoute.Alternative::siteCode).toList());
        assertEquals(List.of(3.0, 12.3, 20.0), live.alternatives().stream().map(LiveRoute.Alternative::distanceKm).toList());
        assertEquals(OccupancyLevel.ORANGE, live.alternatives().get(1).level());
        assertEquals("Yibin", live.alternatives().get(2).city());
    }

    @Test
    void sitesAtTheSameDistanceComeInCodeOrder() {
        LiveAdvice.Place stop = place("stop", "Chongqing", 29.0, 106.5, true, seats(DAY, 100, 0));
        LiveAdvice.Place b = northOfStop("b", 5);
        LiveAdvice.Place a = northOfStop("a", 5);

        LiveRoute.Stop live = only(LiveAdvice.of(route("stop"), TODAY, NOON, places(stop, b, a), Set.of()));

        assertEquals(List.of("a", "b"), live.alternatives().stream().map(LiveRoute.Alternative::siteCode).toList());
    }

    @Test
    void everyStopIsAnsweredInTheRoutesOrderWithItsDay() {
        LiveAdvice.Place first = place("first", "Chongqing", 29.0, 106.5, true, seats(DAY, 0, 0));
        LiveAdvice.Place second = place("second", "Luzhou", 28.9, 105.4, true, seats(DAY, 0, 0));
        PublishedRoute route = new PublishedRoute("two-days", 4, Theme.LIQUOR_CULTURE, new LocalizedName("酒", "Liquor"), "",
                List.of(new RouteContent.Stop("second", 1, null), new RouteContent.Stop("first", 2, null)), NOON);

        LiveRoute live = LiveAdvice.of(route, TODAY, NOON, places(first, second), Set.of());

        assertEquals("two-days", live.route());
        assertEquals(4, live.version());
        assertEquals(TODAY, live.date());
        assertEquals(List.of("second", "first"), live.stops().stream().map(LiveRoute.Stop::siteCode).toList());
        assertEquals(List.of(1, 2), live.stops().stream().map(LiveRoute.Stop::day).toList());
    }
}
