package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.PassConfig;
import cn.chengyu.pass.redis.RedisGuard;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops a gate from being used to guess card numbers. A gate that scans more than the limit of
 * numbers nobody holds within a window has its card-number scans refused with 429 until the
 * window ends; passes are signed and cannot be guessed, so they keep working. The counts live
 * in Redis, shared by every replica, in fixed windows that expire by themselves. Redis is a
 * helper here as everywhere: while it is away nothing is throttled, and gates keep admitting.
 */
@ApplicationScoped
public class GuessThrottle {

    private static final Logger LOG = Logger.getLogger(GuessThrottle.class);
    private static final String PREFIX = "chengyu:gate-unknown-cards:v1:";
    private static final Duration CLEAR_FOR = Duration.ofSeconds(1);
    /** Adds to the window's count and, on its first count, sets it to expire with the window. */
    private static final String COUNT = "local n = redis.call('INCRBY', KEYS[1], ARGV[1]) "
            + "if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return n";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, Long> counts;
    private final RedisGuard redisGuard;
    private final BusinessTime time;
    private final long limit;
    private final Duration window;
    /** Gates Redis last found under their limit, and until when that answer is trusted (nanoTime). */
    private final Map<String, Long> clearUntil = new ConcurrentHashMap<>();

    public GuessThrottle(ReactiveRedisDataSource redis, RedisGuard redisGuard, BusinessTime time, PassConfig config) {
        this.redis = redis;
        this.counts = redis.value(Long.class);
        this.redisGuard = redisGuard;
        this.time = time;
        this.limit = config.unknownCardLimit();
        this.window = config.unknownCardWindow();
    }

    /** Whether a failure is this throttle refusing a gate (429). */
    public static boolean refused(Throwable failure) {
        return failure instanceof ProblemException problem && problem.status() == 429;
    }

    /**
     * Fails with a 429 problem when this gate has used up its unknown numbers for the window. A
     * gate Redis found under its limit is not asked about again for a second, unless it scans an
     * unknown number here meanwhile: a busy gate costs Redis one read a second, not one a scan,
     * and another replica's count reaches this one within that second.
     */
    public Uni<Void> check(String gate) {
        Long clear = clearUntil.get(gate);
        if (clear != null && System.nanoTime() - clear < 0) {
            return Uni.createFrom().voidItem();
        }
        Window current = current();
        return redisGuard.call(() -> counts.get(current.key(gate))).map(count -> {
            if (count != null && count >= limit) {
                throw ProblemException.tooManyRequests("This gate scanned too many unknown card numbers; card-number scans "
                        + "are refused for " + current.secondsLeft() + " s. Passes are still accepted.", current.secondsLeft());
            }
            clearUntil.put(gate, System.nanoTime() + CLEAR_FOR.toNanos());
            return null;
        });
    }

    /** Unknown numbers as counted: in which window, so that they can be taken back from it. */
    public record Counted(String key, int unknown) {
    }

    /**
     * Counts a batch's unknown card numbers before the batch is recorded, and fails with a 429 problem
     * (the batch records nothing, the numbers stay counted) when they take this gate over its limit:
     * one batch of 500 numbers must not be a way around it.
     */
    public Uni<Counted> countBeforeBatch(String gate, int unknown) {
        Window current = current();
        return add(gate, unknown, current).map(count -> {
            if (count != null && count > limit) {
                throw ProblemException.tooManyRequests("This batch holds " + unknown + " card numbers nobody holds, "
                        + "which takes this gate over its limit of " + limit + " in " + window.toSeconds()
                        + " s; nothing was recorded. Card-number scans are refused for " + current.secondsLeft()
                        + " s. Passes are still accepted.", current.secondsLeft());
            }
            return new Counted(current.key(gate), unknown);
        });
    }

    /**
     * Takes back numbers of a scan or a batch that was then not recorded for a reason of the service's
     * (it gave way, the database failed): its gate will send it again, and they must not count twice.
     */
    public Uni<Void> takeBack(Counted counted) {
        return addTo(counted.key(), -counted.unknown()).replaceWithVoid();
    }

    /** Counts card numbers this gate scanned that no card has; answers them as counted, null when none were (or Redis is away). */
    public Uni<Counted> countUnknown(String gate, int unknown) {
        if (unknown == 0) {
            return Uni.createFrom().nullItem();
        }
        Window current = current();
        return add(gate, unknown, current).map(count -> count == null ? null : new Counted(current.key(gate), unknown));
    }

    /** Adds to this gate's count in the window; answers the new count, or null while Redis is away. */
    private Uni<Long> add(String gate, int unknown, Window current) {
        clearUntil.remove(gate);
        return addTo(current.key(gate), unknown)
                .invoke(count -> {
                    if (count != null && count >= limit && count - unknown < limit) {
                        LOG.warnf("Gate %s reached %d unknown card numbers in %d s; its card-number scans answer 429 for %d s",
                                gate, limit, window.toSeconds(), current.secondsLeft());
                    }
                });
    }

    /** Adds to a window's count (the window expiring with it); answers the new count, or null while Redis is away. */
    private Uni<Long> addTo(String key, int unknown) {
        return redisGuard.call(() -> redis.execute("EVAL", COUNT, "1", key, String.valueOf(unknown),
                        String.valueOf(window.toMillis() + 1_000)))
                .map(count -> count == null ? null : count.toLong());
    }

    /** Runs both calls once at start, so that the first scans do not pay for a cold start and trip the guard. */
    void warmUp(@Observes StartupEvent event) {
        redis.execute("EVAL", COUNT, "1", PREFIX + "warm-up", "0", "1000").replaceWith(counts.get(PREFIX + "warm-up"))
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(ignored -> { }, failure -> LOG.debugf("Redis not reachable at start: %s", failure.getMessage()));
    }

    private record Window(long index, long secondsLeft) {
        String key(String gate) {
            return PREFIX + gate + ":" + index;
        }
    }

    private Window current() {
        Instant now = time.now();
        long length = window.toMillis();
        long index = now.toEpochMilli() / length;
        long left = (index + 1) * length - now.toEpochMilli();
        return new Window(index, Math.max(1, (left + 999) / 1000));
    }
}
