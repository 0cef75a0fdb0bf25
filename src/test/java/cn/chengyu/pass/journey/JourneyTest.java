package cn.chengyu.pass.journey;

import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.web.LocalizedName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress along a route and which version a certificate is of, on fixed data. */
class JourneyTest {

    private static final Instant MONDAY = Instant.parse("2026-10-05T02:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-10-06T03:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-10-09T04:00:00Z");

    private static PublishedRoute route(int version, String... sites) {
        List<RouteContent.Stop> stops = Arrays.stream(sites).map(site -> new RouteContent.Stop(site, 1, null)).toList();
        return new PublishedRoute("liquor-culture", version, Theme.LIQUOR_CULTURE, new LocalizedName("酒", "Liquor"), "",
                stops, MONDAY);
    }

    @Test
    void eachStopShowsTheFirstVisitOfItsSiteAndNothingIsCompleteUntilEveryStopIs() {
        Journey journey = Journey.of(route(1, "cq-hongyadong", "lz-laojiao", "yb-wuliangye"),
                Map.of("cq-hongyadong", MONDAY, "yb-wuliangye", TUESDAY, "cd-dufu", FRIDAY));

        assertEquals(List.of(MONDAY, TUESDAY), journey.stops().stream().map(Journey.Stop::visitedAt)
                .filter(Objects::nonNull).toList());
        assertNull(journey.stops().get(1).visitedAt());
        assertEquals(2, journey.visited());
        assertEquals(3, journey.total());
        assertNull(journey.completedAt());
        assertFalse(journey.complete());
    }

    @Test
    void aRouteIsCompletedWhenItsLastStopWasFirstVisitedWhateverTheOrder() {
        Journey journey = Journey.of(route(1, "cq-hongyadong", "lz-laojiao", "yb-wuliangye"),
                Map.of("cq-hongyadong", FRIDAY, "lz-laojiao", MONDAY, "yb-wuliangye", TUESDAY));

        assertEquals(3, journey.visited());
        assertEquals(FRIDAY, journey.completedAt());
        assertTrue(journey.complete());
    }

    @Test
    void aSiteThatIsTwoStopsCountsForBothAndTheCertificateNamesItOnce() {
        Journey journey = Journey.of(route(1, "cq-hongyadong", "lz-laojiao", "cq-hongyadong"),
                Map.of("cq-hongyadong", MONDAY, "lz-laojiao", TUESDAY));

        assertEquals(3, journey.visited());
        assertEquals(List.of("cq-hongyadong", "lz-laojiao"), journey.sites());
    }

    @Test
    void noVisitsIsNoProgress() {
        Journey journey = Journey.of(route(2, "cq-hongyadong"), Map.of());

        assertEquals(0, journey.visited());
        assertEquals(1, journey.total());
        assertEquals(2, journey.version());
        assertNull(journey.completedAt());
    }

    @Test
    void aNewVersionWithAStopNotYetVisitedDoesNotTakeAwayTheOlderVersionCompleted() {
        Map<String, Instant> visits = Map.of("cq-hongyadong", MONDAY, "lz-laojiao", TUESDAY);
        List<PublishedRoute> versions = List.of(route(2, "cq-hongyadong", "lz-laojiao", "yb-wuliangye"),
                route(1, "cq-hongyadong", "lz-laojiao"));

        Journey certified = Journey.latestCompleted(versions, visits).orElseThrow();

        assertEquals(1, certified.version());
        assertEquals(TUESDAY, certified.completedAt());
    }

    @Test
    void theNewestVersionCompletedIsTheOneCertifiedInWhateverOrderTheVersionsCome() {
        Map<String, Instant> visits = Map.of("cq-hongyadong", MONDAY, "lz-laojiao", TUESDAY, "yb-wuliangye", FRIDAY);
        List<PublishedRoute> versions = List.of(route(1, "cq-hongyadong"), route(3, "lz-laojiao", "yb-wuliangye"),
                route(2, "cq-hongyadong", "lz-laojiao"));

        assertEquals(3, Journey.latestCompleted(versions, visits).orElseThrow().version());
    }

    @Test
    void noVersionCompletedIsNoCertificate() {
        assertTrue(Journey.latestCompleted(List.of(route(1, "cq-hongyadong", "lz-laojiao")), Map.of("cq-hongyadong", MONDAY))
                .isEmpty());
    }
}
