package cn.chengyu.pass;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** The region's business time: days and opening hours are Asia/Shanghai, whatever the server's zone. */
@ApplicationScoped
public class BusinessTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock clock;

    public BusinessTime(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    /** Now, to the microsecond PostgreSQL keeps, so a first answer equals every later read of it. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The system clock; tests that need another time replace this producer. */
    public static class ClockProducer {
        @Produces
        @ApplicationScoped
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
