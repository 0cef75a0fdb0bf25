package cn.chengyu.pass.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Keeps Redis, a cache, from slowing anything down: every call is bounded by a short timeout,
 * and after a failure Redis is skipped for a few seconds (a circuit breaker), so an outage costs
 * no latency per request; both are SmallRye Fault Tolerance's. Redis comes back with the first
 * call that succeeds after the pause; the first success once the breaker is closed again runs the
 * recovery actions before it answers (writes made meanwhile reached no cache).
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
            .delay(PAUSE.toMillis(), ChronoUnit.MILLIS).onStateChange(this::changed).done()
            .build();
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    /** Set when the breaker opens; taken by the first success after it closed again. */
    private final AtomicBoolean recoveryDue = new AtomicBoolean();

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
                // Only once the breaker is closed: the actions' own calls would be refused while it is open.
                .call(result -> state == CircuitBreakerState.CLOSED && recoveryDue.compareAndSet(true, false)
                        ? recover() : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(failure -> {
                    if (!(failure instanceof CircuitBreakerOpenException)) {
                        counted(failure);
                    }
                    return null;
                });
    }

    /**
     * Runs a call that must not be skipped while the breaker is open, bounded by the same timeout: an
     * invalidation, since replicas whose own link to Redis is fine would go on serving what it drops.
     * It neither waits for the breaker nor counts toward it. A failure answers null, and the recovery
     * actions run when Redis next answers (what the call dropped may still be there).
     */
    public <T> Uni<T> mustTry(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(call::get)
                .ifNoItem().after(TIMEOUT).failWith(() -> new TimeoutException("Redis did not answer in time"))
                .onFailure().recoverWithItem(failure -> {
                    counted(failure);
                    recoveryDue.set(true);
                    return null;
                });
    }

    private void counted(Throwable failure) {
        metrics.counter("chengyu.redis.errors").increment();
        LOG.debugf("Redis call failed: %s", failure instanceof TimeoutException
                ? "no answer within " + TIMEOUT.toMillis() + " ms" : failure.getMessage());
    }

    private void changed(CircuitBreakerState next) {
        if (next == CircuitBreakerState.OPEN && state == CircuitBreakerState.CLOSED) {
            LOG.warnf("Redis failed to answer (or within %d ms); it is skipped for %d s at a time until it does",
                    TIMEOUT.toMillis(), PAUSE.toSeconds());
        }
        if (next == CircuitBreakerState.OPEN) {
            recoveryDue.set(true);
        }
        state = next;
    }

    private Uni<Void> recover() {
        LOG.info("Redis answers again");
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Supplier<Uni<Void>> action : recoveryActions) {
            all = all.call(() -> action.get().ifNoItem().after(TIMEOUT).fail().onFailure().recoverWithNull());
        }
        return all;
    }
}
