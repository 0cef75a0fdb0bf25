package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.redis.RedisGuard;
import cn.chengyu.pass.redis.ShortCache;
import cn.chengyu.pass.reservation.SessionAvailability;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.site.SiteWatcher;
import cn.chengyu.pass.site.service.SiteService;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seats of a site's sessions on a day: what every app polls on a holiday morning. Served from
 * process memory (half a second) over Redis (a second and a half), so an answer is at most two
 * seconds old; a booking or cancellation drops this replica's copy and Redis' at once, the other
 * replicas' within those two seconds ({@link ShortCache}: without Redis every read is computed from
 * the database).
 */
@ApplicationScoped
public class AvailabilityService implements SiteWatcher {

    static final String NAMESPACE = "chengyu:sessions:v1:";
    static final Duration REDIS_TTL = Duration.ofMillis(1500);
    static final Duration LOCAL_TTL = Duration.ofMillis(500);

    private record Key(String site, LocalDate day) {

        @Override
        public String toString() {
            return site + ":" + day;
        }
    }

    private final SiteService sites;
    private final ReservationRepository reservations;
    private final ObjectMapper json;
    /** The JSON of each site's day, as sent. */
    private final ShortCache<Key> cache;

    public AvailabilityService(SiteService sites, ReservationRepository reservations, ReactiveRedisDataSource redis,
                               RedisGuard redisGuard, ObjectMapper json, MeterRegistry metrics) {
        this.sites = sites;
        this.reservations = reservations;
        this.json = json;
        this.cache = new ShortCache<>(NAMESPACE, LOCAL_TTL, REDIS_TTL, redis, redisGuard, metrics, "chengyu.availability.reads",
                "Session availability reads by where they were answered from");
    }

    /** The site's sessions on that day, earliest first, as the JSON array the API sends. */
    public Uni<byte[]> of(String site, LocalDate day) {
        return cache.get(new Key(site, day), this::load);
    }

    /** The same if this replica holds it ready in memory, else null. */
    public byte[] ready(String site, LocalDate day) {
        return cache.ready(new Key(site, day));
    }

    /** Drops the cached seats of a site's day (a booking or cancellation changed them). */
    public Uni<Void> changed(String site, LocalDate day) {
        return cache.drop(new Key(site, day));
    }

    /** A site's sessions changed: this replica's copies of its days go (Redis' expire within a second and a half). */
    @Override
    public Uni<Void> siteChanged(String site) {
        cache.dropLocal(key -> key.site().equals(site));
        return Uni.createFrom().voidItem();
    }

    private Uni<byte[]> load(Key key) {
        return sites.findWithSessions(key.site()).flatMap(site -> reservations.seats(List.of(key.site()), key.day()).map(seats -> {
            Map<String, ReservationRepository.Seats> bySession = seats.stream()
                    .collect(Collectors.toMap(ReservationRepository.Seats::session, Function.identity()));
            List<SessionAvailability> sessions = site.sessions.stream().map(session -> {
                ReservationRepository.Seats taken = bySession.get(session.code);
                return SessionAvailability.of(session, taken == null ? 0 : taken.admitted(), taken == null ? 0 : taken.booked());
            }).toList();
            try {
                return json.writeValueAsBytes(sessions);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException("Session availability could not be written", impossible);
            }
        }));
    }
}
