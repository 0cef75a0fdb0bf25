package cn.chengyu.pass.reservation;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.site.Session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The rules of booking a session, in plain Java: which days may be booked, until when, when a
 * booking may be cancelled, and when no-shows suspend a person's booking. Seats are counted by the
 * database (a conditional update), not here.
 */
public final class BookingPolicy {

    /** Days ahead of today (Asia/Shanghai) that may be booked: today … today + 7. */
    public static final int DAYS_AHEAD = 7;
    /** No-shows within this window … */
    public static final Duration NO_SHOW_WINDOW = Duration.ofDays(30);
    /** … this many of them … */
    public static final int NO_SHOWS_TO_SUSPEND = 3;
    /** … suspend booking for this long after the last of them. */
    public static final Duration SUSPENSION = Duration.ofDays(7);

    private final Clock clock;

    public BookingPolicy(Clock clock) {
        this.clock = clock;
    }

    /** Why the session on that day cannot be booked now, or null: the day is outside the window, or the session is over. */
    public String bookingProblem(Session session, LocalDate day) {
        LocalDate today = LocalDate.now(clock.withZone(BusinessTime.ZONE));
        if (day.isBefore(today) || day.isAfter(today.plusDays(DAYS_AHEAD))) {
            return "Sessions can be booked from today (" + today + ") to " + today.plusDays(DAYS_AHEAD) + ", Asia/Shanghai.";
        }
        if (!clock.instant().isBefore(session.closesOn(day))) {
            return "The session '" + session.code() + "' of " + day + " is over.";
        }
        return null;
    }

    /**
     * Whether a card is still valid when the session opens that day, by the rule the gates apply
     * ({@link Card#lapsed}): an activated card runs out at {@code validUntil}; one not yet activated
     * starts its validity with its first admission, which must come by its activation deadline.
     */
    public static boolean validWhenOpens(Instant activationDeadline, Instant activatedAt, Instant validUntil, Session session,
                                         LocalDate day) {
        return !Card.lapsed(activationDeadline, activatedAt, validUntil, session.opensOn(day));
    }

    /** Whether a reservation may still be cancelled: it holds its seat and its session has not opened. */
    public boolean cancellable(Reservation reservation) {
        return reservation.status() == ReservationStatus.BOOKED && clock.instant().isBefore(reservation.startsAt());
    }

    /** The last no-shows to look at: those that can still suspend booking now. */
    public Instant noShowsSince() {
        return clock.instant().minus(NO_SHOW_WINDOW).minus(SUSPENSION);
    }

    /**
     * Until when a person may not book, given the end times of its no-shows: three within 30 days
     * suspend booking for 7 days from the third. Empty when booking is not suspended now.
     */
    public Optional<Instant> suspendedUntil(List<Instant> noShows) {
        List<Instant> ends = noShows.stream().sorted().toList();
        Instant until = null;
        for (int i = NO_SHOWS_TO_SUSPEND - 1; i < ends.size(); i++) {
            Instant first = ends.get(i - NO_SHOWS_TO_SUSPEND + 1);
            if (Duration.between(first, ends.get(i)).compareTo(NO_SHOW_WINDOW) <= 0) {
                until = ends.get(i).plus(SUSPENSION);
            }
        }
        return until != null && clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }
}
