package cn.chengyu.pass.reservation;

import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of booking on fixed data and a fixed clock: no server, no database. */
class BookingPolicyTest {

    /** 2026-10-01 20:00 in Asia/Shanghai. */
    private static final Instant NOW = Instant.parse("2026-10-01T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);
    private static final BookingPolicy POLICY = new BookingPolicy(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Session DAY = new Session("day", LocalTime.of(9, 0), LocalTime.of(18, 0), 10, ReservationRule.OPTIONAL);
    private static final Session NIGHT = new Session("night", LocalTime.of(18, 0), LocalTime.of(1, 0), 10, ReservationRule.REQUIRED);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void todayToAWeekAheadCanBeBooked(int days) {
        assertNull(POLICY.bookingProblem(NIGHT, TODAY.plusDays(days)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 8, 30})
    void daysOutsideTheWindowCannot(int days) {
        assertNotNull(POLICY.bookingProblem(NIGHT, TODAY.plusDays(days)));
    }

    @Test
    void theWindowIsCountedInShanghaiNotUtc() {
        // 2026-10-01T16:30Z is already 2026-10-02 00:30 in Shanghai: the 9th is the last day.
        BookingPolicy afterMidnight = new BookingPolicy(Clock.fixed(Instant.parse("2026-10-01T16:30:00Z"), ZoneOffset.UTC));
        assertNull(afterMidnight.bookingProblem(NIGHT, LocalDate.of(2026, 10, 9)));
        assertNotNull(afterMidnight.bookingProblem(NIGHT, LocalDate.of(2026, 10, 1)));
    }

    @Test
    void aSessionThatHasEndedCannotBeBookedOneRunningCan() {
        assertNotNull(POLICY.bookingProblem(DAY, TODAY));
        assertNull(POLICY.bookingProblem(NIGHT, TODAY));
    }

    @Test
    void aNightSessionCanBeBookedLateInItsEveningButAfterMidnightItsDayIsPast() {
        BookingPolicy lateEvening = new BookingPolicy(Clock.fixed(Instant.parse("2026-10-01T15:30:00Z"), ZoneOffset.UTC));
        BookingPolicy halfPastMidnight = new BookingPolicy(Clock.fixed(Instant.parse("2026-10-01T16:30:00Z"), ZoneOffset.UTC));
        assertNull(lateEvening.bookingProblem(NIGHT, TODAY));
        // At 00:30 the night of the 1st still runs, but the 1st is before today (the 2nd): outside the window.
        assertTrue(halfPastMidnight.bookingProblem(NIGHT, TODAY).startsWith("Sessions can be booked from today (2026-10-02)"));
    }

    @Test
    void aCardMustStillBeValidWhenTheSessionOpens() {
        Instant opens = NIGHT.opensOn(TODAY.plusDays(3));
        Instant deadline = NOW.plus(Duration.ofDays(180));
        assertTrue(BookingPolicy.validWhenOpens(deadline, NOW, opens, NIGHT, TODAY.plusDays(3)));
        assertFalse(BookingPolicy.validWhenOpens(deadline, NOW, opens.minusSeconds(1), NIGHT, TODAY.plusDays(3)));
    }

    @Test
    void aCardNotYetUsedMustBeFirstUsedByItsActivationDeadline() {
        Instant opens = NIGHT.opensOn(TODAY.plusDays(3));
        assertTrue(BookingPolicy.validWhenOpens(opens, null, null, NIGHT, TODAY.plusDays(3)));
        // its first admission would be at the session, after the deadline: the gate would refuse it CARD_EXPIRED
        assertFalse(BookingPolicy.validWhenOpens(opens.minusSeconds(1), null, null, NIGHT, TODAY.plusDays(3)));
    }

    private static Reservation booked(Instant startsAt, Instant endsAt, ReservationStatus status) {
        return new Reservation(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "gt", TODAY, "night", startsAt, endsAt,
                status, NOW.minusSeconds(3600), 1);
    }

    @Test
    void aBookingCanBeCancelledUntilItsSessionOpens() {
        assertTrue(POLICY.cancellable(booked(NOW.plusSeconds(1), NOW.plusSeconds(3600), ReservationStatus.BOOKED)));
        assertFalse(POLICY.cancellable(booked(NOW, NOW.plusSeconds(3600), ReservationStatus.BOOKED)));
        assertFalse(POLICY.cancellable(booked(NOW.plusSeconds(60), NOW.plusSeconds(3600), ReservationStatus.USED)));
        assertFalse(POLICY.cancellable(booked(NOW.plusSeconds(60), NOW.plusSeconds(3600), ReservationStatus.CANCELLED)));
    }

    @Test
    void aBookingStillBookedWhenItsSessionEndsReadsAsANoShow() {
        Reservation reservation = booked(NOW.minusSeconds(7200), NOW, ReservationStatus.BOOKED);
        assertEquals(ReservationStatus.BOOKED, reservation.statusAt(NOW.minusNanos(1000)));
        assertEquals(ReservationStatus.NO_SHOW, reservation.statusAt(NOW));
        assertEquals(ReservationStatus.USED, booked(NOW.minusSeconds(7200), NOW, ReservationStatus.USED).statusAt(NOW));
    }

    @Test
    void threeNoShowsWithinThirtyDaysSuspendBookingForSevenDaysFromTheThird() {
        Instant third = NOW.minus(Duration.ofDays(1));
        Optional<Instant> until = POLICY.suspendedUntil(List.of(third.minus(Duration.ofDays(30)), third.minus(Duration.ofDays(10)), third));
        assertEquals(Optional.of(third.plus(Duration.ofDays(7))), until);
    }

    @Test
    void threeNoShowsSpreadOverMoreThanThirtyDaysSuspendNothing() {
        Instant third = NOW.minus(Duration.ofDays(1));
        assertEquals(Optional.empty(), POLICY.suspendedUntil(
                List.of(third.minus(Duration.ofDays(30)).minusSeconds(1), third.minus(Duration.ofDays(10)), third)));
    }

    @Test
    void twoNoShowsSuspendNothing() {
        assertEquals(Optional.empty(), POLICY.suspendedUntil(List.of(NOW.minusSeconds(60), NOW.minusSeconds(30))));
    }

    @Test
    void theSuspensionEndsSevenDaysAfterTheThirdNoShow() {
        Instant third = NOW.minus(Duration.ofDays(7));
        assertEquals(Optional.empty(), POLICY.suspendedUntil(List.of(third.minusSeconds(20), third.minusSeconds(10), third)));
        Instant later = third.plusSeconds(1);
        assertEquals(Optional.of(later.plus(Duration.ofDays(7))),
                POLICY.suspendedUntil(List.of(later.minusSeconds(20), later.minusSeconds(10), later)));
    }

    @Test
    void theLatestRunOfThreeDecidesUntilWhen() {
        Instant last = NOW.minus(Duration.ofDays(2));
        List<Instant> noShows = List.of(last.minus(Duration.ofDays(20)), last.minus(Duration.ofDays(15)),
                last.minus(Duration.ofDays(12)), last);
        assertEquals(Optional.of(last.plus(Duration.ofDays(7))), POLICY.suspendedUntil(noShows));
    }

    @Test
    void noShowsOldEnoughToSuspendNothingAnyMoreAreNotRead() {
        assertEquals(NOW.minus(Duration.ofDays(37)), POLICY.noShowsSince());
    }
}
