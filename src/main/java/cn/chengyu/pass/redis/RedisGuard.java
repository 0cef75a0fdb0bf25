package cn.chengyu.pass.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Keeps Redis, a cache, from slowing anything down: every call is bounded by a short timeout,
 * and after a failure Redis is skipped for a few seconds (a circuit breaker), so an outage costs
 * no latency per request; both are SmallRye Fault Tolerance's. Redis comes back with the first
 * call that succeeds after the pause, and then the recovery actions run (writes made meanwhile
 * reached no cache).
 */
@ApplicationScoped
public class RedisGuard {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);
    static final Duration TIMEOUT = Duration.ofMillis(150);
    static final Duration PAUSE = Duration.ofSeconds(5);

    private final MeterRegistry metrics;
    private final List<Supplier<Uni<Void>>> recoveryActions = new CopyOnWriteArrayList<>();
    private final TypedGuard<Uni<Object>> guard = TypedGuard.create(new TypeLiteral<Uni<Object>>() { })
            .withDescription("redis")
            .withTimeout().duration(TIMEOUT.toMillis(), ChronoUnit.MILLIS).done()
            // One failure opens it; after the pause one trial call decides.
            .withCircuitBreaker().requestVolumeThreshold(1).failureRatio(1.0).successThreshold(1)
            .delay(PAUSE.toMillis(), ChronoUnit.MILLIS).done()
            .build();
    private volatile boolean down;

    public RedisGuard(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Something to do when Redis answers again after an outage (writes made meanwhile reached no cache). */
    public void onRecovery(Supplier<Uni<Void>> action) {
        recoveryActions.add(action);
    }

    /** Runs the call unless the breaker is open; a failure, a timeout or an open breaker answers null. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(Supplier<Uni<T>> call) {
        return guard.get(() -> (Uni<Object>) Uni.createFrom().deferred(call::get))
                .map(result -> (T) result)
                .call(result -> down ? recover() : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof CircuitBreakerOpenException) {
                        return null;
                    }
                    metrics.counter("chengyu.redis.errors").increment();
                    if (!down) {
                        LOG.warnf("Redis did not answer (%s); it is skipped for %d s at a time until it does",
                                failure instanceof TimeoutException ? "no answer within " + TIMEOUT.toMillis() + " ms" : failure.getMessage(),
                                PAUSE.toSeconds());
                    }
                    down = true;
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
