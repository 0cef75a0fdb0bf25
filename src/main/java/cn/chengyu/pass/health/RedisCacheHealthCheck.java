package cn.chengyu.pass.health;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Reports whether the Redis cache answers. Redis is only a cache, so the check stays UP
 * and shows the outage in its data: the service keeps answering from PostgreSQL.
 */
@Readiness
@ApplicationScoped
public class RedisCacheHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final ReactiveRedisDataSource redis;

    public RedisCacheHealthCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(TIMEOUT).fail()
                .map(reply -> HealthCheckResponse.named("redis-cache").up().withData("reachable", true).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("redis-cache").up()
                        .withData("reachable", false)
                        .withData("effect", "cache bypassed; reads served from PostgreSQL")
                        .build());
    }
}
