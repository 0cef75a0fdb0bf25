package cn.chengyu.pass.redis;

import cn.chengyu.pass.support.RedisControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The short cache on the tests' Redis, with loads completed by hand. */
@QuarkusTest
class ShortCacheTest {

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisGuard guard;
    @Inject
    MeterRegistry metrics;

    /** An earlier test may have left this replica skipping Redis for a few seconds: wait until a call goes through. */
    @BeforeEach
    void redisAnswersThroughTheGuard() {
        RedisControl.awaitThroughTheGuard();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLoadThatADropOvertookIsNotWhatTheNextReaderGets() {
        ShortCache<String> cache = new ShortCache<>("chengyu:test:short:" + UUID.randomUUID() + ":", Duration.ofMillis(500),
                Duration.ofMillis(1500), redis, guard, metrics, "chengyu.test.short.reads", "Test reads");
        CompletableFuture<byte[]> slowRead = new CompletableFuture<>();
        AtomicInteger loads = new AtomicInteger();
        // a reader's load reads the seats before a booking commits, and finishes after the booking dropped the key
        CompletableFuture<byte[]> first = cache.get("seats", key -> {
            loads.incrementAndGet();
            return Uni.createFrom().completionStage(slowRead);
        }).subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> loads.get() == 1);
        cache.drop("seats").await().indefinitely();
        slowRead.complete(bytes("before the booking"));
        assertEquals("before the booking", new String(first.join(), StandardCharsets.UTF_8));

        byte[] next = cache.get("seats", key -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(bytes("after the booking"));
        }).await().indefinitely();
        assertEquals("after the booking", new String(next, StandardCharsets.UTF_8));
        assertEquals(2, loads.get());
    }

    @Test
    void aDropOfOneKeyDoesNotKeepAnotherKeysLoadFromRedis() {
        String namespace = "chengyu:test:short:" + UUID.randomUUID() + ":";
        ShortCache<String> cache = new ShortCache<>(namespace, Duration.ofMillis(500), Duration.ofMillis(1500), redis, guard,
                metrics, "chengyu.test.short.reads", "Test reads");
        CompletableFuture<byte[]> slowRead = new CompletableFuture<>();
        CompletableFuture<byte[]> tonight = cache.get("site-a:tonight", key -> Uni.createFrom().completionStage(slowRead))
                .subscribeAsCompletionStage();
        cache.drop("site-b:tonight").await().indefinitely();
        slowRead.complete(bytes("seats of site a"));
        tonight.join();
        // the other replicas read it from Redis
        assertEquals("seats of site a", redis.value(String.class).get(namespace + "site-a:tonight").await().indefinitely());
    }
}
