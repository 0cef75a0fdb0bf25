package cn.chengyu.pass;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

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

    /** The system clock; tests that need another time replace this producer. */
    public static class ClockProducer {
        @Produces
        @ApplicationScoped
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
