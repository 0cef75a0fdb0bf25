package cn.chengyu.pass.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Keeps Redis, a cache, from slowing anything down: every call is bounded by a short timeout,
 * and after a failure Redis is skipped for a few seconds (a circuit breaker), so an outage costs
 * no latency per request. It comes back by itself with the first call that succeeds.
 */
@ApplicationScoped
public class RedisGuard {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);
    static final Duration TIMEOUT = Duration.ofMillis(150);
    static final Duration PAUSE = Duration.ofSeconds(5);

    private final MeterRegistry metrics;
    private final List<Supplier<Uni<Void>>> recoveryActions = new CopyOnWriteArrayList<>();
    private volatile long skipUntilNanos;
    private volatile boolean down;

    public RedisGuard(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Something to do when Redis answers again after an outage (writes made meanwhile reached no cache). */
    public void onRecovery(Supplier<Uni<Void>> action) {
        recoveryActions.add(action);
    }

    /** Runs the call unless the breaker is open; a failure or timeout answers null and opens it. */
    public <T> Uni<T> call(Supplier<Uni<T>> call) {
        if (System.nanoTime() < skipUntilNanos) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().<T>deferred(call::get)
                .ifNoItem().after(TIMEOUT).fail()
                .call(result -> down ? recover() : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(failure -> {
                    metrics.counter("chengyu.redis.errors").increment();
                    if (!down) {
                        LOG.warnf("Redis did not answer (%s); it is skipped for %d s at a time until it does",
                                failure instanceof TimeoutException ? "no answer within " + TIMEOUT.toMillis() + " ms" : failure.getMessage(),
                                PAUSE.toSeconds());
                    }
                    down = true;
                    skipUntilNanos = System.nanoTime() + PAUSE.toNanos();
                    return null;
                });
    }

    private Uni<Void> recover() {
        down = false;
        LOG.info("Redis answers again");
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Supplier<Uni<Void>> action : recoveryActions) {
            all = all.call(() -> action.get().ifNoItem().after(TIMEOUT).fail().onFailure().recoverWithNull());
        }
        return all;
    }
}
