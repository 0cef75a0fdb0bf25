package cn.chengyu.pass.route.cache;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** How often each route's itinerary is read, ranked in a Redis sorted set. */
@ApplicationScoped
public class ViewRanking {

    static final String KEY = "chengyu:routes:views:v1";

    private final ReactiveRedisDataSource redis;
    private final RedisGuard redisGuard;

    public ViewRanking(ReactiveRedisDataSource redis, RedisGuard redisGuard) {
        this.redis = redis;
        this.redisGuard = redisGuard;
    }

    /** Counts a view without making the reader wait for Redis. */
    public void record(String code) {
        redisGuard.call(() -> redis.sortedSet(String.class).zincrby(KEY, 1, code)).subscribe().with(ignored -> { });
    }

    /** The most viewed codes, most first; empty while Redis is away. */
    public Uni<List<ScoredValue<String>>> top(int limit) {
        return redisGuard.call(() -> redis.sortedSet(String.class).zrangeWithScores(KEY, 0, limit - 1, new ZRangeArgs().rev()))
                .map(ranked -> ranked == null ? List.<ScoredValue<String>>of() : ranked);
    }
}
