package cn.chengyu.pass.journey.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.journey.LiveAdvice;
import cn.chengyu.pass.redis.RedisGuard;
import cn.chengyu.pass.redis.ShortCache;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.service.RouteService;
import cn.chengyu.pass.site.GeoPoint;
import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteStatus;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.LocalizedName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Live status of a published route on a day ({@link LiveAdvice}), as the JSON sent: held a second in
 * this replica's memory over four in Redis, so an answer is at most five seconds old
 * ({@link ShortCache}; without Redis every miss is computed from the database).
 */
@ApplicationScoped
public class LiveRouteService {

    static final String NAMESPACE = "chengyu:live-routes:v1:";
    static final Duration LOCAL_TTL = Duration.ofSeconds(1);
    static final Duration REDIS_TTL = Duration.ofSeconds(4);

    private record Key(String route, LocalDate day) {

        @Override
        public String toString() {
            return route + ":" + day;
        }
    }

    private final RouteService routes;
    private final SiteService sites;
    private final ReservationRepository seats;
    private final ObjectMapper json;
    private final BusinessTime time;
    private final ShortCache<Key> cache;

    public LiveRouteService(RouteService routes, SiteService sites, ReservationRepository seats, ObjectMapper json,
                            BusinessTime time, ReactiveRedisDataSource redis, RedisGuard redisGuard, MeterRegistry metrics) {
        this.routes = routes;
        this.sites = sites;
        this.seats = seats;
        this.json = json;
        this.time = time;
        this.cache = new ShortCache<>(NAMESPACE, LOCAL_TTL, REDIS_TTL, redis, redisGuard, metrics, "chengyu.live.route.reads",
                "Live route status reads by where they were answered from");
    }

    /** The route's live status on that day as the JSON the API sends; 404 when it is not published. */
    public Uni<byte[]> of(String route, LocalDate day) {
        return cache.get(new Key(route, day), this::load);
    }

    /** The same if this replica holds it ready in memory, else null. */
    public byte[] ready(String route, LocalDate day) {
        return cache.ready(new Key(route, day));
    }

    /** The route, the sites of its theme's routes, every site with its sessions, and their seats: five queries. */
    private Uni<byte[]> load(Key key) {
        return routes.findPublished(key.route()).flatMap(route -> routes.listPublished(route.theme()).flatMap(themed ->
                sites.allWithSessions().flatMap(all -> seats.seats(all.stream().map(site -> site.code).toList(), key.day())
                        .map(taken -> write(LiveAdvice.of(route, key.day(), time.now(), places(all, taken), codes(themed)))))));
    }

    private static Set<String> codes(List<PublishedRoute> routes) {
        return routes.stream().flatMap(route -> route.stops().stream()).map(RouteContent.Stop::siteCode).collect(Collectors.toSet());
    }

    private static Map<String, LiveAdvice.Place> places(List<Site> sites, List<ReservationRepository.Seats> taken) {
        Map<String, ReservationRepository.Seats> bySession = taken.stream()
                .collect(Collectors.toMap(seats -> seats.site() + "/" + seats.session(), Function.identity()));
        return sites.stream().map(site -> new LiveAdvice.Place(site.code, new LocalizedName(site.nameZh, site.nameEn), site.city,
                        new GeoPoint(site.latitude, site.longitude), site.status == SiteStatus.OPEN,
                        site.sessions.stream().map(session -> {
                            ReservationRepository.Seats seats = bySession.get(site.code + "/" + session.code);
                            return new LiveAdvice.SessionSeats(session.rules(), seats == null ? 0 : seats.admitted(),
                                    seats == null ? 0 : seats.booked());
                        }).toList()))
                .collect(Collectors.toMap(LiveAdvice.Place::code, Function.identity()));
    }

    private byte[] write(Object live) {
        try {
            return json.writeValueAsBytes(live);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Live route status could not be written", impossible);
        }
    }
}
