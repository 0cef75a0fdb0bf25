package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.redis.RedisGuard;
import cn.chengyu.pass.reservation.SessionAvailability;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.site.SiteWatcher;
import cn.chengyu.pass.site.service.SiteService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seats of a site's sessions on a day: what every app polls on a holiday morning. Served from
 * process memory (half a second) over Redis (a second and a half), so an answer is at most two
 * seconds old; a booking or cancellation drops both at once. Redis calls go through
 * {@link RedisGuard}: without Redis every read is computed from the database. Concurrent misses
 * on one replica share one load.
 */
@ApplicationScoped
public class AvailabilityService implements SiteWatcher {

    static final String NAMESPACE = "chengyu:sessions:v1:";
    static final Duration REDIS_TTL = Duration.ofMillis(1500);
    static final Duration LOCAL_TTL = Duration.ofMillis(500);

    private record Key(String site, LocalDate day) {
    }

    private final SiteService sites;
    private final ReservationRepository reservations;
    private final ReactiveRedisDataSource redis;
    private final RedisGuard redisGuard;
    private final ObjectMapper json;
    private final Counter fromMemory;
    private final Counter fromRedis;
    private final Counter fromDatabase;
    /** The JSON of each site's day, as sent. */
    private final AsyncCache<Key, byte[]> local = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(LOCAL_TTL).buildAsync();

    public AvailabilityService(SiteService sites, ReservationRepository reservations, ReactiveRedisDataSource redis,
                               RedisGuard redisGuard, ObjectMapper json, MeterRegistry metrics) {
        this.sites = sites;
        this.reservations = reservations;
        this.redis = redis;
        this.redisGuard = redisGuard;
        this.json = json;
        this.fromMemory = reads(metrics, "memory");
        this.fromRedis = reads(metrics, "redis");
        this.fromDatabase = reads(metrics, "database");
    }

    /** The site's sessions on that day, earliest first, as the JSON array the API sends. */
    public Uni<byte[]> of(String site, LocalDate day) {
        byte[] ready = ready(site, day);
        if (ready != null) {
            return Uni.createFrom().item(ready);
        }
        Key key = new Key(site, day);
        return Uni.createFrom().completionStage(() -> local.get(key, (k, executor) -> cached(k)
                .invoke(hit -> (hit == null ? fromDatabase : fromRedis).increment())
                .onItem().ifNull().switchTo(() -> load(k).call(loaded -> store(k, loaded))).subscribeAsCompletionStage()));
    }

    /** The same if this replica holds it ready in memory, else null. */
    public byte[] ready(String site, LocalDate day) {
        CompletableFuture<byte[]> held = local.getIfPresent(new Key(site, day));
        if (held == null || !held.isDone() || held.isCompletedExceptionally()) {
            return null;
        }
        fromMemory.increment();
        return held.join();
    }

    /** Drops the cached seats of a site's day (a booking or cancellation changed them). */
    public Uni<Void> changed(String site, LocalDate day) {
        Key key = new Key(site, day);
        local.synchronous().invalidate(key);
        return redisGuard.call(() -> redis.key(String.class).del(redisKey(key))).replaceWithVoid();
    }

    /** A site's sessions changed: this replica's copies of its days go (Redis' expire within a second and a half). */
    @Override
    public Uni<Void> siteChanged(String site) {
        local.synchronous().asMap().keySet().removeIf(key -> key.site().equals(site));
        return Uni.createFrom().voidItem();
    }

    private Uni<byte[]> load(Key key) {
        return sites.findWithSessions(key.site()).flatMap(site -> reservations.seats(key.site(), key.day()).map(seats -> {
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

    private Uni<byte[]> cached(Key key) {
        return redisGuard.call(() -> redis.value(byte[].class).get(redisKey(key)));
    }

    private Uni<Void> store(Key key, byte[] loaded) {
        return redisGuard.call(() -> redis.value(byte[].class).set(redisKey(key), loaded, new SetArgs().px(REDIS_TTL)))
                .replaceWithVoid();
    }

    private static Counter reads(MeterRegistry metrics, String answeredFrom) {
        return Counter.builder("chengyu.availability.reads").description("Session availability reads by where they were answered from")
                .tag("from", answeredFrom).register(metrics);
    }

    private static String redisKey(Key key) {
        return NAMESPACE + key.site() + ":" + key.day();
    }
}
