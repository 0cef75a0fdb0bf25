package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.entry.OfflineBatch.Activation;
import cn.chengyu.pass.entry.OfflineBatch.Booking;
import cn.chengyu.pass.entry.OfflineBatch.Count;
import cn.chengyu.pass.entry.OfflineBatch.LimitKey;
import cn.chengyu.pass.entry.OfflineBatch.Outcome;
import cn.chengyu.pass.entry.OfflineBatch.Recorded;
import cn.chengyu.pass.entry.OfflineBatch.Scan;
import cn.chengyu.pass.entry.OfflineBatch.Use;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.settlement.Pricing;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An offline batch judged on fixed data: no server, no database. */
class OfflineBatchTest {

    /** 2026-10-01 10:00 in Asia/Shanghai; the site runs a morning and an afternoon session. */
    private static final Instant MORNING = Instant.parse("2026-10-01T02:00:00Z");
    private static final Instant AFTERNOON = MORNING.plus(Duration.ofHours(5));
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);
    /** When the test cards were issued: two days before the morning. */
    private static final Instant ISSUED = MORNING.minus(Duration.ofDays(2));
    /** When the test bookings were made: the day before the morning. */
    private static final Instant BOOKED = MORNING.minus(Duration.ofDays(1));
    private static final Pricing TARIFF = Pricing.of(List.of(new Pricing.Rate(DAY.minusDays(30), "ANNUAL", Category.ADULT, 6000)));

    private static SiteRules site(SiteStatus status, int capacity, ReservationRule rule) {
        return new SiteRules("hongya-cave", status, Province.CHONGQING, List.of(
                new Session("am", LocalTime.of(9, 0), LocalTime.of(13, 0), capacity, rule),
                new Session("pm", LocalTime.of(13, 0), LocalTime.of(22, 0), capacity, rule)), TARIFF);
    }

    private static final SiteRules OPEN = site(SiteStatus.OPEN, 100, ReservationRule.OPTIONAL);

    private static CardRules card(CardStatus status, Instant activatedAt, SiteLimit limit) {
        return new CardRules(UUID.randomUUID(), "6200000000000000", "ANNUAL", status, Category.ADULT,
                ISSUED, MORNING.plus(Duration.ofDays(30)), activatedAt, activatedAt == null ? null : activatedAt.plus(Duration.ofDays(365)),
                UUID.randomUUID(), 24 * 365, limit);
    }

    private static CardRules fresh() {
        return card(CardStatus.ISSUED, null, SiteLimit.ONCE_PER_SITE_PER_DAY);
    }

    private static Scan scan(CardRules card, Instant at) {
        return new Scan(UUID.randomUUID(), at, "hash", card, null);
    }

    private static Outcome judge(SiteRules site, List<Scan> scans) {
        return OfflineBatch.judge(site, scans, Set.of(), List.of(), List.of());
    }

    private static List<Reason> conflicts(Outcome outcome) {
        List<Reason> conflicts = new ArrayList<>();
        outcome.entries().forEach(entry -> conflicts.add(entry.conflict()));
        return conflicts;
    }

    @Test
    void aUsableCardIsAdmittedWithoutConflictActivatedAndPayable() {
        CardRules card = fresh();
        Outcome outcome = judge(OPEN, List.of(scan(card, MORNING)));
        Recorded entry = outcome.entries().get(0);
        assertNull(entry.conflict());
        assertEquals("hongya-cave/2026-10-01", entry.limitKey());
        assertEquals(SettlementLine.Status.PAYABLE, entry.line().status());
        assertEquals(6000, entry.line().price().amountFen());
        assertEquals(List.of(new Activation(card.id(), MORNING, MORNING.plus(Duration.ofDays(365)))), outcome.activations());
        assertEquals(List.of(new Count(DAY, "am", 1, 0)), outcome.added());
    }

    @Test
    void aScanBeforeTheCardsFirstKnownUseActivatesItFromTheScan() {
        // used online this afternoon; the morning's offline scan, uploaded later, was its first use
        CardRules card = card(CardStatus.ACTIVE, AFTERNOON, SiteLimit.ONCE_PER_SITE_PER_DAY);
        Outcome outcome = judge(site(SiteStatus.OPEN, 100, ReservationRule.OPTIONAL), List.of(scan(card, MORNING)));
        assertEquals(1, outcome.entries().size());
        assertNull(outcome.entries().get(0).conflict());
        assertEquals(List.of(new Activation(card.id(), MORNING, MORNING.plus(Duration.ofDays(365)))), outcome.activations());
        // a scan after the first known use changes nothing, and neither does one timed before the card was issued
        assertEquals(List.of(), judge(OPEN, List.of(scan(card, AFTERNOON.plusSeconds(60)))).activations());
        Outcome clockBehind = judge(OPEN, List.of(scan(card, ISSUED.minus(Duration.ofMinutes(30)))));
        assertEquals(List.of(), clockBehind.activations());
    }

    @Test
    void scansAreJudgedInTheOrderTheyWereMadeWhateverOrderTheyCameIn() {
        CardRules card = fresh();
        Scan later = scan(card, AFTERNOON);
        Scan earlier = scan(card, MORNING);
        Outcome outcome = judge(OPEN, List.of(later, earlier));
        assertEquals(earlier.entryId(), outcome.entries().get(0).scan().entryId());
        assertEquals(List.of(MORNING), outcome.activations().stream().map(Activation::at).toList());
        assertEquals(Reason.ALREADY_ENTERED, outcome.entries().get(1).conflict());
    }

    @Test
    void theSameCardTwiceADayIsAlreadyEnteredWithoutALimitKeyAndDisputed() {
        CardRules card = fresh();
        Outcome outcome = judge(OPEN, List.of(scan(card, MORNING), scan(card, AFTERNOON)));
        Recorded second = outcome.entries().get(1);
        assertEquals(Reason.ALREADY_ENTERED, second.conflict());
        assertNull(second.limitKey());
        assertEquals(SettlementLine.Status.DISPUTED, second.line().status());
        assertEquals(List.of(new Count(DAY, "am", 1, 0), new Count(DAY, "pm", 1, 0)), outcome.added(), "both visitors are inside");
    }

    @Test
    void aLimitKeyUsedBeforeTheBatchMakesItsScanAlreadyEntered() {
        CardRules card = card(CardStatus.ACTIVE, MORNING.minus(Duration.ofDays(3)), SiteLimit.ONCE_PER_SITE);
        Outcome outcome = OfflineBatch.judge(OPEN, List.of(scan(card, MORNING)),
                Set.of(new LimitKey(card.lineageId(), "hongya-cave")), List.of(), List.of());
        assertEquals(List.of(Reason.ALREADY_ENTERED), conflicts(outcome));
        assertEquals(List.of(), outcome.activations(), "an active card is not activated again");
    }

    @Test
    void aCardActivatedByAnEarlierScanOfTheBatchIsJudgedActivated() {
        // issued with its activation window closing between the two scans: the first scan activates it in time
        CardRules card = new CardRules(UUID.randomUUID(), "6200000000000000", "ANNUAL", CardStatus.ISSUED, Category.ADULT,
                ISSUED, MORNING.plus(Duration.ofHours(1)), null, null, UUID.randomUUID(), 24, SiteLimit.ONCE_PER_SITE_PER_DAY);
        Instant nextDay = MORNING.plus(Duration.ofHours(23));
        Instant twoDaysOn = MORNING.plus(Duration.ofHours(48));
        Outcome outcome = judge(OPEN, List.of(scan(card, MORNING), scan(card, nextDay), scan(card, twoDaysOn)));
        assertEquals(Arrays.asList(null, null, Reason.CARD_EXPIRED), conflicts(outcome));
        assertEquals(1, outcome.activations().size());
    }

    @Test
    void beyondCapacityTheAdmissionsStandAsSiteFullAndAllCount() {
        SiteRules small = site(SiteStatus.OPEN, 1, ReservationRule.OPTIONAL);
        Outcome outcome = judge(small, List.of(scan(fresh(), MORNING), scan(fresh(), MORNING.plusSeconds(1)),
                scan(fresh(), MORNING.plusSeconds(2))));
        assertEquals(Arrays.asList(null, Reason.SITE_FULL, Reason.SITE_FULL), conflicts(outcome));
        assertEquals(List.of(new Count(DAY, "am", 3, 0)), outcome.added());
        assertEquals(3, outcome.activations().size(), "the visitors are inside: their cards are in use");
        assertEquals("hongya-cave/2026-10-01", outcome.entries().get(2).limitKey(), "a full site still uses the card's limit");
    }

    @Test
    void seatsCountedBeforeTheBatchAndSeatsHeldByBookingsFillTheSession() {
        SiteRules small = site(SiteStatus.OPEN, 3, ReservationRule.OPTIONAL);
        Outcome outcome = OfflineBatch.judge(small, List.of(scan(fresh(), MORNING), scan(fresh(), MORNING.plusSeconds(1))),
                Set.of(), List.of(), List.of(new Count(DAY, "am", 1, 1)));
        assertEquals(Arrays.asList(null, Reason.SITE_FULL), conflicts(outcome));
    }

    @Test
    void aBookingOfTheRunningSessionIsUsedAndItsSeatBecomesAnAdmission() {
        SiteRules full = site(SiteStatus.OPEN, 1, ReservationRule.OPTIONAL);
        CardRules card = fresh();
        Booking booking = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "am", BOOKED);
        Scan scan = scan(card, MORNING);
        Outcome outcome = OfflineBatch.judge(full, List.of(scan), Set.of(), List.of(booking), List.of(new Count(DAY, "am", 0, 1)));
        assertEquals(Arrays.asList((Reason) null), conflicts(outcome));
        assertEquals(List.of(new Use(booking.id(), scan.entryId())), outcome.uses());
        assertEquals(List.of(new Count(DAY, "am", 1, -1)), outcome.added());
    }

    @Test
    void aCardBookedOnTwoDaysUsesEachDaysBooking() {
        SiteRules booked = site(SiteStatus.OPEN, 100, ReservationRule.REQUIRED);
        CardRules card = card(CardStatus.ACTIVE, MORNING.minus(Duration.ofDays(1)), SiteLimit.ONCE_PER_SITE_PER_DAY);
        Booking today = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "am", BOOKED);
        Booking tomorrow = new Booking(UUID.randomUUID(), card.lineageId(), DAY.plusDays(1), "am", BOOKED);
        for (List<Booking> order : List.of(List.of(today, tomorrow), List.of(tomorrow, today))) {
            Outcome outcome = OfflineBatch.judge(booked, List.of(scan(card, MORNING), scan(card, MORNING.plus(Duration.ofDays(1)))),
                    Set.of(), order, List.of());
            assertEquals(Arrays.asList(null, null), conflicts(outcome));
            assertEquals(Set.of(today.id(), tomorrow.id()), Set.copyOf(outcome.uses().stream().map(Use::bookingId).toList()));
        }
    }

    @Test
    void aBookingMadeAfterTheScanWasNotThereWhenTheGateLetTheVisitorIn() {
        SiteRules booked = site(SiteStatus.OPEN, 100, ReservationRule.REQUIRED);
        CardRules card = fresh();
        Booking late = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "am", MORNING.plusSeconds(11));
        Scan scan = scan(card, MORNING);
        Outcome outcome = OfflineBatch.judge(booked, List.of(scan), Set.of(), List.of(late), List.of());
        assertEquals(List.of(Reason.NO_RESERVATION), conflicts(outcome));
        // the seat it held is the visitor's: used, counted once
        assertEquals(List.of(new Use(late.id(), scan.entryId())), outcome.uses());
        assertEquals(List.of(new Count(DAY, "am", 1, -1)), outcome.added());

        // made at the scan by the service's clock, or a few seconds after it by a gate's clock running behind
        Booking inTime = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "am", MORNING.plusSeconds(10));
        assertEquals(Arrays.asList((Reason) null),
                conflicts(OfflineBatch.judge(booked, List.of(scan(card, MORNING)), Set.of(), List.of(inTime), List.of())));
        Booking optional = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "am", MORNING.plusSeconds(60));
        assertEquals(Arrays.asList((Reason) null),
                conflicts(OfflineBatch.judge(OPEN, List.of(scan(card, MORNING)), Set.of(), List.of(optional), List.of())));
    }

    @Test
    void withoutABookingASessionThatNeedsOneIsANoReservationConflict() {
        SiteRules booked = site(SiteStatus.OPEN, 100, ReservationRule.REQUIRED);
        Outcome outcome = judge(booked, List.of(scan(fresh(), MORNING)));
        assertEquals(List.of(Reason.NO_RESERVATION), conflicts(outcome));
        assertEquals(List.of(new Count(DAY, "am", 1, 0)), outcome.added());
    }

    @Test
    void aBookingOfAnotherSessionThatDayIsUsedWhenTheRunningOneRefuses() {
        SiteRules booked = site(SiteStatus.OPEN, 100, ReservationRule.REQUIRED);
        CardRules card = fresh();
        Booking afternoon = new Booking(UUID.randomUUID(), card.lineageId(), DAY, "pm", BOOKED);
        Outcome outcome = OfflineBatch.judge(booked, List.of(scan(card, MORNING)), Set.of(), List.of(afternoon), List.of());
        assertEquals(List.of(Reason.NO_RESERVATION), conflicts(outcome));
        assertEquals(1, outcome.uses().size());
        assertEquals(List.of(new Count(DAY, "pm", 1, -1)), outcome.added(), "counted in its booking's session");
    }

    @Test
    void aClosedSiteIsTheConflictAndTheCardIsStillActivated() {
        CardRules card = fresh();
        Outcome outcome = judge(site(SiteStatus.CLOSED, 100, ReservationRule.OPTIONAL), List.of(scan(card, MORNING)));
        assertEquals(List.of(Reason.SITE_CLOSED), conflicts(outcome));
        assertNull(outcome.entries().get(0).limitKey());
        assertEquals(1, outcome.activations().size());
    }

    @Test
    void outsideEverySessionTheAdmissionCountsInTheFirstSessionOfItsDay() {
        Instant evening = Instant.parse("2026-10-01T15:00:00Z"); // 23:00 in Asia/Shanghai
        Outcome outcome = judge(OPEN, List.of(scan(fresh(), evening)));
        assertEquals(List.of(Reason.SITE_CLOSED), conflicts(outcome));
        assertEquals(List.of(new Count(DAY, "am", 1, 0)), outcome.added());
    }

    @Test
    void aCardThatIsNotUsableIsItsConflictAndIsNotActivated() {
        CardRules suspended = card(CardStatus.SUSPENDED, null, SiteLimit.ONCE_PER_SITE_PER_DAY);
        Outcome outcome = judge(OPEN, List.of(scan(suspended, MORNING)));
        assertEquals(List.of(Reason.CARD_SUSPENDED), conflicts(outcome));
        assertEquals(List.of(), outcome.activations());
        assertEquals(SettlementLine.Status.DISPUTED, outcome.entries().get(0).line().status());
    }

    @Test
    void aScanNamingNoCardStandsWithItsReasonAndAnUnpricedLine() {
        Outcome outcome = judge(OPEN, List.of(new Scan(UUID.randomUUID(), MORNING, "hash", null, Reason.CARD_UNKNOWN)));
        Recorded entry = outcome.entries().get(0);
        assertEquals(Reason.CARD_UNKNOWN, entry.conflict());
        assertEquals(0, entry.line().price().amountFen());
        assertEquals(List.of(new Count(DAY, "am", 1, 0)), outcome.added());
    }

    @Test
    void theKeysDaysAskedForAreThoseOfTheScansBusinessDays() {
        CardRules card = card(CardStatus.ACTIVE, MORNING, SiteLimit.ONCE_PER_SITE);
        List<Scan> scans = List.of(scan(card, MORNING), scan(fresh(), MORNING.plus(Duration.ofDays(1))));
        assertEquals(Set.of(DAY, DAY.plusDays(1)), OfflineBatch.days(OPEN, scans));
        assertEquals(Set.of(new LimitKey(card.lineageId(), "hongya-cave"),
                new LimitKey(scans.get(1).card().lineageId(), "hongya-cave/2026-10-02")), OfflineBatch.limitKeys(OPEN, scans));
    }
}
