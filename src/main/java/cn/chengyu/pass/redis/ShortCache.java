package cn.chengyu.pass.redis;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers that may be a few seconds old (what apps poll on a holiday morning), as the bytes sent:
 * held in this replica's memory for {@code local}, over Redis for {@code shared}, so an answer is at
 * most their sum old. Redis calls go through {@link RedisGuard}: without Redis every miss is loaded
 * from the database. Concurrent misses of one key on one replica share one load. Reads are counted
 * by where they were answered from ({@code metric{from=memory|redis|database}}).
 *
 * @param <K> the key; its {@code toString} must name it uniquely within the namespace
 */
public final class ShortCache<K> {

    private final String namespace;
    private final Duration shared;
    private final ReactiveRedisDataSource redis;
    private final RedisGuard guard;
    private final AsyncCache<K, byte[]> local;
    private final Counter fromMemory;
    private final Counter fromRedis;
    private final Counter fromDatabase;
    /**
     * When each key was last dropped here (System.nanoTime): a load stores what it read only if its key
     * was not dropped meanwhile. Kept longer than any load lasts; a load on another replica may still
     * store what it read, for {@code shared} at most.
     */
    private final Cache<K, Long> dropped = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30))
            .build();

    public ShortCache(String namespace, Duration local, Duration shared, ReactiveRedisDataSource redis, RedisGuard guard,
                      MeterRegistry metrics, String metric, String description) {
        this.namespace = namespace;
        this.shared = shared;
        this.redis = redis;
        this.guard = guard;
        this.local = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(local).buildAsync();
        this.fromMemory = reads(metrics, metric, description, "memory");
        this.fromRedis = reads(metrics, metric, description, "redis");
        this.fromDatabase = reads(metrics, metric, description, "database");
    }

    /** The bytes of {@code key}: from memory, else Redis, else {@code loader} (then stored in both). */
    public Uni<byte[]> get(K key, Function<K, Uni<byte[]>> loader) {
        byte[] ready = ready(key);
        if (ready != null) {
            return Uni.createFrom().item(ready);
        }
        return Uni.createFrom().completionStage(() -> local.get(key, (k, executor) -> {
            long started = System.nanoTime();
            return cached(k)
                    .invoke(hit -> (hit == null ? fromDatabase : fromRedis).increment())
                    // A load that a drop overtook read what the drop's change replaced: it answers its own callers
                    // (who asked before the change) but is not stored in Redis for those who ask after it.
                    .onItem().ifNull().switchTo(() -> loader.apply(k).call(loaded -> droppedSince(k, started)
                            ? Uni.createFrom().voidItem() : store(k, loaded)))
                    .subscribeAsCompletionStage();
        }).copy()); // a caller that goes away cancels its own wait, not the load
    }

    /** The bytes of {@code key} if this replica holds them ready in memory, else null. */
    public byte[] ready(K key) {
        CompletableFuture<byte[]> held = local.getIfPresent(key);
        if (held == null || !held.isDone() || held.isCompletedExceptionally()) {
            return null;
        }
        fromMemory.increment();
        return held.join();
    }

    /** Drops {@code key} here and in Redis (what it answered changed). */
    public Uni<Void> drop(K key) {
        dropped.put(key, System.nanoTime());
        local.synchronous().invalidate(key);
        // and again once Redis has forgotten it: a read in between may have taken the old bytes from there
        return guard.call(() -> redis.key(String.class).del(redisKey(key)))
                .invoke(() -> local.synchronous().invalidate(key)).replaceWithVoid();
    }

    /** Drops this replica's copies of the keys that match (Redis' expire within {@code shared}). */
    public void dropLocal(Predicate<K> which) {
        local.synchronous().asMap().keySet().removeIf(which);
    }

    private boolean droppedSince(K key, long started) {
        Long at = dropped.getIfPresent(key);
        return at != null && at - started >= 0;
    }

    private Uni<byte[]> cached(K key) {
        return guard.call(() -> redis.value(byte[].class).get(redisKey(key)));
    }

    private Uni<Void> store(K key, byte[] loaded) {
        return guard.call(() -> redis.value(byte[].class).set(redisKey(key), loaded, new SetArgs().px(shared)))
                .replaceWithVoid();
    }

    private String redisKey(K key) {
        return namespace + key;
    }

    private static Counter reads(MeterRegistry metrics, String metric, String description, String answeredFrom) {
        return Counter.builder(metric).description(description).tag("from", answeredFrom).register(metrics);
    }
}
