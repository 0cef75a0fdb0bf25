package cn.chengyu.pass.support;

import cn.chengyu.pass.BusinessTime;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's clock in tests: the system clock moved to noon of its day ({@link #START}) and
 * further by what a test sets, so that a test of something time-dependent sets the time instead of
 * waiting for it. Tests read the time from here too ({@link #now()}), so what they send agrees with
 * what the service thinks. Every test that moves it puts it back ({@link #reset()}).
 * <p>
 * Bearer tokens are the exception: SmallRye JWT checks their expiry against the system clock,
 * so they are minted by {@link #system()}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends Clock {

    private static final Clock SYSTEM = Clock.systemUTC();
    /**
     * Where the service's time starts, and where {@link #reset()} puts it back: noon of the real day
     * (Asia/Shanghai) when the suite started, running on from there. So a run never meets the day's
     * edge at the hour it happens to run (a scan at 23:59:30 at a site open 00:00–23:59 is SITE_CLOSED);
     * a test that needs an edge sets the time to it.
     */
    private static final Duration START = toNoon(SYSTEM.instant());
    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(START);

    private static Duration toNoon(Instant at) {
        return Duration.between(at, LocalDate.ofInstant(at, BusinessTime.ZONE).atTime(12, 0).atZone(BusinessTime.ZONE).toInstant());
    }

    /** The service's now. */
    public static Instant now() {
        return SYSTEM.instant().plus(OFFSET.get());
    }

    /** The service's business day (Asia/Shanghai). */
    public static LocalDate today() {
        return LocalDate.ofInstant(now(), BusinessTime.ZONE);
    }

    /** The machine's own clock, which SmallRye JWT checks tokens against. */
    public static Instant system() {
        return SYSTEM.instant();
    }

    /** Moves the service's time by {@code amount} from where it is. */
    public static void advance(Duration amount) {
        OFFSET.updateAndGet(offset -> offset.plus(amount));
    }

    /** Sets the service's time to {@code at}. */
    public static void setTo(Instant at) {
        advance(Duration.between(now(), at));
    }

    /** The service's day at this Asia/Shanghai time of day. */
    public static Instant todayAt(String localTime) {
        return today().atTime(java.time.LocalTime.parse(localTime)).atZone(BusinessTime.ZONE).toInstant();
    }

    public static void reset() {
        OFFSET.set(START);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(SYSTEM.withZone(zone), OFFSET.get());
    }

    @Override
    public Instant instant() {
        return now();
    }
}
