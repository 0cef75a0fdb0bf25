package cn.chengyu.pass.route.cache;

import cn.chengyu.pass.redis.RedisGuard;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each route's itinerary is read, ranked in a Redis sorted set. Views are counted in
 * memory and added to Redis once a second, one ZINCRBY per route, so a read never waits for
 * Redis and a busy day costs Redis a handful of calls a second.
 */
@ApplicationScoped
public class ViewRanking {

    public static final String KEY = "chengyu:routes:views:v1";

    private final ReactiveRedisDataSource redis;
    private final RedisGuard redisGuard;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

    public ViewRanking(ReactiveRedisDataSource redis, RedisGuard redisGuard) {
        this.redis = redis;
        this.redisGuard = redisGuard;
    }

    /** The counter of a route's views, to count each read without a lookup (added to Redis by {@link #flush}). */
    LongAdder counter(String code) {
        return pending.computeIfAbsent(code, key -> new LongAdder());
    }

    /**
     * Drops a retired route from the ranking: its views would hold places of the top that the hot list
     * then leaves out, so that it showed fewer routes than asked for. Views read again after a new
     * publish count from zero.
     */
    public Uni<Void> forget(String code) {
        pending.remove(code);
        return redisGuard.mustTry(() -> redis.sortedSet(String.class).zrem(KEY, code)).replaceWithVoid();
    }

    /** The most viewed codes, most first; empty while Redis is away. */
    public Uni<List<ScoredValue<String>>> top(int limit) {
        return redisGuard.call(() -> redis.sortedSet(String.class).zrangeWithScores(KEY, 0, limit - 1, new ZRangeArgs().rev()))
                .map(ranked -> ranked == null ? List.<ScoredValue<String>>of() : ranked);
    }

    /** Adds the views counted since the last flush, once a second; views of a failed flush are counted again next time. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        List<Uni<Void>> additions = new ArrayList<>();
        pending.forEach((code, views) -> {
            long count = views.sumThenReset();
            if (count > 0) {
                additions.add(redisGuard.call(() -> redis.sortedSet(String.class).zincrby(KEY, count, code))
                        .invoke(added -> {
                            if (added == null) {
                                views.add(count);
                            }
                        })
                        .replaceWithVoid());
            }
        });
        return additions.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(additions).andCollectFailures().replaceWithVoid();
    }
}
