package cn.chengyu.pass.site;

import cn.chengyu.pass.BusinessTime;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One of a site's daily sessions, in plain Java: when it runs (Asia/Shanghai), how many it admits
 * and whether it needs a booking. A session that closes at or before it opens runs past midnight
 * and belongs to the business day it opens on: a scan at 00:30 in an 18:00–01:00 session counts
 * on the day before.
 */
public record Session(String code, LocalTime opens, LocalTime closes, int capacity, ReservationRule reservation) {

    /** The session a site has when it was written without sessions: its opening hours and daily capacity. */
    public static final String DEFAULT_CODE = "day";

    /** The most sessions a site has in a day. */
    public static final int MOST = 6;

    private static final long DAY_MINUTES = Duration.ofDays(1).toMinutes();

    /** A session on one business day. */
    public record Occurrence(Session session, LocalDate day) {

        public Instant opensAt() {
            return session.opensOn(day);
        }

        public Instant closesAt() {
            return session.closesOn(day);
        }
    }

    public boolean pastMidnight() {
        return !closes.isAfter(opens);
    }

    public Instant opensOn(LocalDate day) {
        return day.atTime(opens).atZone(BusinessTime.ZONE).toInstant();
    }

    public Instant closesOn(LocalDate day) {
        return (pastMidnight() ? day.plusDays(1) : day).atTime(closes).atZone(BusinessTime.ZONE).toInstant();
    }

    public boolean runsAt(LocalDate day, Instant at) {
        return !at.isBefore(opensOn(day)) && at.isBefore(closesOn(day));
    }

    /** The session running at {@code at} and the business day it belongs to, if any runs then. */
    public static Optional<Occurrence> at(List<Session> sessions, Instant at) {
        LocalDate local = at.atZone(BusinessTime.ZONE).toLocalDate();
        for (LocalDate day : List.of(local, local.minusDays(1))) {
            for (Session session : sessions) {
                if (session.runsAt(day, at)) {
                    return Optional.of(new Occurrence(session, day));
                }
            }
        }
        return Optional.empty();
    }

    /** Minutes from the business day's midnight: [start, end), end past 1440 for a session past midnight. */
    private long start() {
        return opens.toSecondOfDay() / 60;
    }

    private long end() {
        return closes.toSecondOfDay() / 60 + (pastMidnight() ? DAY_MINUTES : 0);
    }

    /** Whether the two run at a common time on some day (a session past midnight meets the next day's early ones). */
    public boolean overlaps(Session other) {
        for (long shift : new long[] {-DAY_MINUTES, 0, DAY_MINUTES}) {
            if (start() < other.end() + shift && other.start() + shift < end()) {
                return true;
            }
        }
        return false;
    }

    /** Opening and closing time of a day. */
    public record Hours(LocalTime opens, LocalTime closes) {
    }

    /** The opening time of the earliest session and the closing time of the one that ends last: the site's span. */
    public static Hours span(List<Session> sessions) {
        Session first = sessions.stream().min(Comparator.comparingLong(Session::start)).orElseThrow();
        Session last = sessions.stream().max(Comparator.comparingLong(Session::end)).orElseThrow();
        return new Hours(first.opens, last.closes);
    }
}
