package cn.chengyu.pass.journey;

import cn.chengyu.pass.entry.OccupancyLevel;
import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.site.GeoPoint;
import cn.chengyu.pass.site.OpeningHours;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.web.LocalizedName;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Live advice along a route (plain rules, no framework): each stop's level on a day from its
 * sessions' seats, the sessions that have not ended at {@code now}, and for a stop that is
 * {@code RED} or full up to {@value #ALTERNATIVES} other sites, nearest first by great-circle distance.
 * An alternative is on a published route of the same theme or in the stop's city, is open, is not
 * {@code RED} nor full, and is not a stop of the route itself (the visitor goes there anyway).
 */
public final class LiveAdvice {

    public static final int ALTERNATIVES = 3;

    /** A site as the advice sees it on the day: open or closed, where, and its sessions' seats. */
    public record Place(String code, LocalizedName name, String city, GeoPoint location, boolean open,
                        List<SessionSeats> sessions) {
    }

    /** A session and its seats taken that day. */
    public record SessionSeats(Session session, int admitted, int booked) {

        int remaining() {
            return Math.max(0, session.capacity() - admitted - booked);
        }
    }

    private LiveAdvice() {
    }

    /**
     * The route on {@code day} at {@code now}; {@code places} holds every site the advice may name (the
     * route's stops among them), {@code sameTheme} the codes of the sites on published routes of the
     * route's theme.
     */
    public static LiveRoute of(PublishedRoute route, LocalDate day, Instant now, Map<String, Place> places, Set<String> sameTheme) {
        Set<String> onRoute = route.stops().stream().map(RouteContent.Stop::siteCode).collect(Collectors.toSet());
        List<LiveRoute.Stop> stops = route.stops().stream().map(stop -> {
            Place place = places.get(stop.siteCode());
            Standing standing = Standing.of(place, day, now);
            List<LiveRoute.Alternative> alternatives = standing.level == OccupancyLevel.RED || standing.full
                    ? alternatives(place, day, now, places, sameTheme, onRoute)
                    : List.of();
            return new LiveRoute.Stop(place.code(), stop.day(), place.name(), standing.level, standing.full, standing.open,
                    alternatives);
        }).toList();
        return new LiveRoute(route.code(), route.version(), day, stops);
    }

    private static List<LiveRoute.Alternative> alternatives(Place stop, LocalDate day, Instant now, Map<String, Place> places,
                                                           Set<String> sameTheme, Set<String> onRoute) {
        return places.values().stream()
                .filter(other -> !onRoute.contains(other.code()))
                .filter(other -> sameTheme.contains(other.code()) || other.city().equals(stop.city()))
                .map(other -> new Candidate(other, Standing.of(other, day, now), stop.location().distanceKm(other.location())))
                .filter(candidate -> candidate.place.open() && !candidate.standing.full
                        && candidate.standing.level != OccupancyLevel.RED)
                .sorted(Comparator.comparingDouble(Candidate::distanceKm).thenComparing(candidate -> candidate.place.code()))
                .limit(ALTERNATIVES)
                .map(candidate -> new LiveRoute.Alternative(candidate.place.code(), candidate.place.name(), candidate.place.city(),
                        candidate.standing.level, Math.round(candidate.distanceKm * 10) / 10.0))
                .toList();
    }

    private record Candidate(Place place, Standing standing, double distanceKm) {
    }

    /** A site's day: its level over all its sessions, the sessions not ended, and whether any of them has a seat. */
    private record Standing(OccupancyLevel level, boolean full, List<LiveRoute.OpenSession> open) {

        static Standing of(Place place, LocalDate day, Instant now) {
            long taken = 0;
            long capacity = 0;
            for (SessionSeats seats : place.sessions()) {
                taken += seats.admitted() + (long) seats.booked();
                capacity += seats.session().capacity();
            }
            List<LiveRoute.OpenSession> open = !place.open() ? List.of() : place.sessions().stream()
                    .filter(seats -> seats.session().closesOn(day).isAfter(now))
                    .map(seats -> {
                        OpeningHours hours = OpeningHours.of(seats.session().opens(), seats.session().closes());
                        return new LiveRoute.OpenSession(seats.session().code(), hours.opens(), hours.closes(), seats.remaining(),
                                seats.session().reservation());
                    })
                    .toList();
            return new Standing(OccupancyLevel.of(taken, capacity), open.stream().noneMatch(session -> session.remaining() > 0),
                    open);
        }
    }
}
