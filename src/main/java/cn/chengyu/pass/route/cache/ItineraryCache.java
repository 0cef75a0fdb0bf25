package cn.chengyu.pass.route.cache;

import cn.chengyu.pass.redis.RedisGuard;
import cn.chengyu.pass.route.Itinerary;
import cn.chengyu.pass.site.SiteWatcher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Itineraries cached in process memory (a bounded Caffeine cache) and in Redis. Both are keyed by
 * a generation that every write bumps, so an invalidation is one INCR (and a message to the other
 * replicas) and a load that raced it lands under a key nobody reads again. Concurrent misses for
 * one route share one load per instance (Caffeine's in-flight future). Redis calls go through
 * {@link RedisGuard}; when Redis answers again after an outage the generation is bumped, since
 * writes made meanwhile could not invalidate it.
 */
@ApplicationScoped
public class ItineraryCache implements SiteWatcher {

    static final String NAMESPACE = "chengyu:itinerary:v1:";
    static final String GENERATION = NAMESPACE + "generation";
    /** Where replicas tell each other to drop their in-memory itineraries. */
    public static final String INVALIDATIONS = NAMESPACE + "invalidations";
    private static final Duration REDIS_TTL = Duration.ofMinutes(10);
    /** Bounds how long another replica may show an itinerary after a write while Redis is away. */
    private static final Duration LOCAL_TTL = Duration.ofSeconds(5);
    private static final int LOCAL_ROUTES = 1_000;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(ItineraryCache.class);

    /** A route's itinerary as of a local generation. */
    private record Key(String code, long generation) {
    }

    private final ReactiveRedisDataSource redis;
    private final RedisGuard redisGuard;
    private final ViewRanking ranking;
    private final ObjectMapper json;
    private final Counter memoryHits;
    private final Counter redisHits;
    private final Counter misses;
    private final Counter missesWithoutRedis;
    private final Counter loads;
    /** Loads of a code with no published route (nothing is cached for those). */
    private final Counter absent;
    private final Counter undecodable;
    private final AsyncCache<Key, CachedItinerary> local = Caffeine.newBuilder()
            .maximumSize(LOCAL_ROUTES).expireAfterWrite(LOCAL_TTL).buildAsync();
    /** Generation of the local entries; bumped by every write seen here. */
    private volatile long localGeneration;
    private Cancellable subscription;

    public ItineraryCache(ReactiveRedisDataSource redis, RedisGuard redisGuard, ViewRanking ranking, ObjectMapper json,
                          MeterRegistry metrics) {
        this.redis = redis;
        this.redisGuard = redisGuard;
        this.ranking = ranking;
        this.json = json;
        this.memoryHits = counter(metrics, "hit", "memory");
        this.redisHits = counter(metrics, "hit", "redis");
        this.misses = counter(metrics, "miss", "redis");
        this.missesWithoutRedis = counter(metrics, "miss", "memory");
        this.loads = counter(metrics, "load", "database");
        this.absent = counter(metrics, "absent", "database");
        this.undecodable = counter(metrics, "error", "decode");
    }

    private static Counter counter(MeterRegistry metrics, String outcome, String layer) {
        return metrics.counter("chengyu.itinerary.cache", "outcome", outcome, "layer", layer);
    }

    /**
     * The itinerary of a route, from memory, Redis or {@code loader} (the database), in that order;
     * null when the route is not published (and nothing is cached).
     */
    public Uni<CachedItinerary> get(String code, Supplier<Uni<Itinerary>> loader) {
        CachedItinerary ready = ready(code);
        if (ready != null) {
            return Uni.createFrom().item(ready);
        }
        Key key = new Key(code, localGeneration);
        // A miss, or a load still running: every caller of this key shares the one load. Each gets a copy of
        // its future, so that a caller that goes away cancels only its own wait.
        CompletableFuture<CachedItinerary> loading = local.get(key, (missing, executor) -> loadCopy(code, loader)
                .subscribeAsCompletionStage());
        // Should the shared load never finish, a caller stops waiting for it and loads alone.
        return Uni.createFrom().completionStage(loading::copy).ifNoItem().after(JOIN_TIMEOUT)
                .recoverWithUni(() -> loadCopy(code, loader));
    }

    /**
     * The copy this replica holds of a route's itinerary if it is loaded and of the current generation;
     * else null (and {@link #get} loads it). A hot read is answered from here without a reactive step.
     */
    public CachedItinerary ready(String code) {
        CompletableFuture<CachedItinerary> cached = local.getIfPresent(new Key(code, localGeneration));
        if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
            return null;
        }
        memoryHits.increment();
        return cached.join();
    }

    private Uni<CachedItinerary> loadCopy(String code, Supplier<Uni<Itinerary>> loader) {
        return load(code, loader).map(itinerary -> itinerary == null ? null : new CachedItinerary(itinerary, ranking.counter(code)));
    }

    /** From Redis, else from the database, stored in Redis for the other replicas. */
    private Uni<Itinerary> load(String code, Supplier<Uni<Itinerary>> loader) {
        return redisGeneration().flatMap(redisGeneration -> fromRedis(code, redisGeneration).flatMap(found -> {
            if (found != null) {
                redisHits.increment();
                return Uni.createFrom().item(found);
            }
            (redisGeneration == null ? missesWithoutRedis : misses).increment();
            // Callers get the itinerary without waiting for Redis to take it.
            return loader.get()
                    .invoke(loaded -> {
                        (loaded == null ? absent : loads).increment();
                        if (loaded != null) {
                            store(code, redisGeneration, loaded).subscribe().with(stored -> { }, failure -> { });
                        }
                    });
        }));
    }

    /**
     * Forgets every cached itinerary: here, in Redis (a new generation) and in the other
     * replicas' memory (a message). Answers once Redis has it, or has been given up on.
     */
    public Uni<Void> invalidateAll() {
        forgetLocal();
        // A read between the two forgets may have cached what it read under the old Redis generation.
        // Tried even while this replica skips Redis after a failure of its own: the others may be reading it.
        return redisGuard.mustTry(() -> redis.value(Long.class).incr(GENERATION))
                .invoke(this::forgetLocal)
                .call(generation -> generation == null ? Uni.createFrom().voidItem()
                        : redisGuard.mustTry(() -> redis.pubsub(String.class).publish(INVALIDATIONS, "all")))
                .replaceWithVoid();
    }

    private void forgetLocal() {
        localGeneration++;
        local.synchronous().invalidateAll();
    }

    /**
     * Listens for other replicas' invalidations for as long as the service runs. A subscription
     * does not survive a Redis restart, so it is made again when Redis answers after an outage
     * (and local copies are forgotten, since messages sent meanwhile were lost).
     */
    void listen(@Observes StartupEvent event) {
        // Writes made while Redis was away could not bump the generation: bump it on its return,
        // and listen again, since the subscription did not survive.
        redisGuard.onRecovery(() -> {
            subscribe();
            return invalidateAll();
        });
        subscribe();
        // Redis may hold itineraries of another database (a restore, a fresh environment): start a new generation.
        // The first call of a cold start connects and loads code, so it gets seconds rather than the guard's
        // milliseconds; a Redis that is away leaves the guard to bump the generation on its return.
        redis.value(Long.class).incr(GENERATION).ifNoItem().after(STARTUP_TIMEOUT).fail()
                .subscribe().with(generation -> LOG.debugf("Itinerary cache generation %d", generation),
                        failure -> LOG.infof("Redis did not answer at start (%s); itineraries are served without it until it does",
                                failure.getMessage()));
    }

    private synchronized void subscribe() {
        if (subscription != null) {
            subscription.cancel();
        }
        subscription = redis.pubsub(String.class).subscribe(INVALIDATIONS)
                .onSubscription().invoke(this::forgetLocal)
                .onItem().invoke(message -> forgetLocal())
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(message -> { }, failure -> LOG.warn("Stopped listening for itinerary invalidations", failure));
    }

    /** A changed site shows in itineraries: every cached one is forgotten before the change is answered. */
    @Override
    public Uni<Void> siteChanged(String code) {
        return invalidateAll();
    }

    private Uni<Long> redisGeneration() {
        return redisGuard.call(() -> redis.value(Long.class).get(GENERATION).map(value -> value == null ? 0L : value));
    }

    private Uni<Itinerary> fromRedis(String code, Long generation) {
        if (generation == null) {
            return Uni.createFrom().nullItem();
        }
        return redisGuard.call(() -> redis.value(String.class).get(key(code, generation)))
                .map(this::read);
    }

    private Uni<Void> store(String code, Long generation, Itinerary itinerary) {
        if (generation == null) {
            return Uni.createFrom().voidItem();
        }
        return redisGuard.call(() -> redis.value(String.class).set(key(code, generation), write(itinerary),
                new SetArgs().ex(REDIS_TTL))).replaceWithVoid();
    }

    private static String key(String code, long generation) {
        return NAMESPACE + "g" + generation + ":" + code;
    }

    private Itinerary read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, Itinerary.class);
        } catch (JsonProcessingException e) {
            undecodable.increment();
            return null;
        }
    }

    private String write(Itinerary itinerary) {
        try {
            return json.writeValueAsString(itinerary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An itinerary could not be written", e);
        }
    }
}
