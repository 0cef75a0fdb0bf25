package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.entry.AdmissionPolicy.Decision;
import cn.chengyu.pass.entry.AdmissionPolicy.Mode;
import cn.chengyu.pass.entry.AdmissionPolicy.Verdict;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rules of a gate scan on fixed data and a fixed clock: no server, no database. */
class AdmissionPolicyTest {

    /** 2026-10-01 10:00 in Asia/Shanghai. */
    private static final Instant NOW = Instant.parse("2026-10-01T02:00:00Z");
    private static final AdmissionPolicy POLICY = new AdmissionPolicy(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final LocalTime OPENS = LocalTime.of(9, 0);
    private static final LocalTime CLOSES = LocalTime.of(22, 0);
    private static final List<Session> DAY_ONLY = List.of(new Session("day", OPENS, CLOSES, 100, ReservationRule.OPTIONAL));

    private static Reason siteReason(SiteStatus status, Instant at) {
        return AdmissionPolicy.siteReason(status, Session.at(DAY_ONLY, at));
    }

    private static Reason cardReason(CardStatus status, Instant deadline, Instant activatedAt, Instant validUntil) {
        return AdmissionPolicy.cardReason(status, deadline, activatedAt, validUntil, NOW);
    }

    @ParameterizedTest
    @CsvSource({"SUSPENDED, CARD_SUSPENDED", "REVOKED, CARD_REVOKED", "REPLACED, CARD_REPLACED", "EXPIRED, CARD_EXPIRED"})
    void aCardThatIsNotLiveIsRefusedForItsStatus(CardStatus status, Reason reason) {
        assertEquals(reason, cardReason(status, NOW.plus(Duration.ofDays(100)), null, null));
    }

    @ParameterizedTest
    @EnumSource(value = CardStatus.class, names = {"ISSUED", "ACTIVE"})
    void aLiveCardWithinItsDatesPasses(CardStatus status) {
        Instant activatedAt = status == CardStatus.ACTIVE ? NOW.minus(Duration.ofDays(1)) : null;
        Instant validUntil = activatedAt == null ? null : activatedAt.plus(Duration.ofDays(365));
        assertNull(cardReason(status, NOW.plus(Duration.ofDays(100)), activatedAt, validUntil));
    }

    @Test
    void aStatusChangeWinsOverLapsedDates() {
        assertEquals(Reason.CARD_SUSPENDED, cardReason(CardStatus.SUSPENDED, NOW.minus(Duration.ofDays(1)), null, null));
    }

    @Test
    void aNeverActivatedCardLapsesJustAfterItsActivationDeadline() {
        assertNull(cardReason(CardStatus.ISSUED, NOW, null, null), "the deadline itself still counts");
        assertEquals(Reason.CARD_EXPIRED, cardReason(CardStatus.ISSUED, NOW.minusNanos(1000), null, null));
    }

    @Test
    void anActiveCardLapsesJustAfterItsValidity() {
        Instant activated = NOW.minus(Duration.ofDays(365));
        assertNull(cardReason(CardStatus.ACTIVE, activated, activated, NOW));
        assertEquals(Reason.CARD_EXPIRED, cardReason(CardStatus.ACTIVE, activated, activated, NOW.minusNanos(1000)));
    }

    @Test
    void anActivatedCardIsNoLongerBoundByItsActivationDeadline() {
        assertNull(cardReason(CardStatus.ACTIVE, NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(20)),
                NOW.plus(Duration.ofDays(1))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"09:00", "09:00:01", "12:00", "21:59:59"})
    void aScanWithinOpeningHoursPasses(LocalTime local) {
        assertNull(siteReason(SiteStatus.OPEN, shanghai(LocalDate.of(2026, 10, 1), local)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08:59:59", "22:00", "23:30", "00:00", "03:00"})
    void aScanOutsideOpeningHoursFindsTheSiteClosed(LocalTime local) {
        assertEquals(Reason.SITE_CLOSED,
                siteReason(SiteStatus.OPEN, shanghai(LocalDate.of(2026, 10, 1), local)));
    }

    @Test
    void aClosedSiteIsClosedAtAnyHour() {
        assertEquals(Reason.SITE_CLOSED, siteReason(SiteStatus.CLOSED, NOW));
    }

    @Test
    void openingHoursAreAsiaShanghaiWhateverTheServersZone() {
        // 01:30 UTC is 09:30 in Shanghai: open; 14:30 UTC is 22:30 there: closed.
        assertNull(siteReason(SiteStatus.OPEN, Instant.parse("2026-10-01T01:30:00Z")));
        assertEquals(Reason.SITE_CLOSED,
                siteReason(SiteStatus.OPEN, Instant.parse("2026-10-01T14:30:00Z")));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void onlineAFailedCheckIsADenialWithItsReason(Reason reason) {
        assertEquals(new Verdict(Decision.DENIED, reason, null), AdmissionPolicy.verdict(reason, Mode.ONLINE));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void offlineAFailedCheckIsAnAdmissionWithItsConflict(Reason reason) {
        Verdict verdict = AdmissionPolicy.verdict(reason, Mode.OFFLINE);
        assertEquals(new Verdict(Decision.ADMITTED, null, reason), verdict);
        assertEquals(true, verdict.admitted());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aScanThatPassesEveryCheckIsAdmittedWithoutConflict(Mode mode) {
        assertEquals(Verdict.ADMITTED, AdmissionPolicy.verdict(null, mode));
    }

    private static LocalDate businessDayOf(Instant at) {
        return AdmissionPolicy.businessDay(Session.at(List.of(), at), at);
    }

    @Test
    void theBusinessDayTurnsAtMidnightInShanghai() {
        assertEquals(LocalDate.of(2026, 9, 30), businessDayOf(Instant.parse("2026-09-30T15:59:59Z")));
        assertEquals(LocalDate.of(2026, 10, 1), businessDayOf(Instant.parse("2026-09-30T16:00:00Z")));
    }

    @Test
    void anAnnualCardIsLimitedPerSiteAndDayAPassPerSite() {
        LocalDate day = LocalDate.of(2026, 10, 1);
        assertEquals("cq-hongyadong/2026-10-01",
                AdmissionPolicy.limitKey(SiteLimit.ONCE_PER_SITE_PER_DAY, "cq-hongyadong", day));
        assertEquals("cq-hongyadong", AdmissionPolicy.limitKey(SiteLimit.ONCE_PER_SITE, "cq-hongyadong", day));
    }

    @Test
    void aScanTimeUpToTheClockSkewAheadIsAccepted() {
        assertNull(POLICY.scanTimeProblem(NOW));
        assertNull(POLICY.scanTimeProblem(NOW.plusSeconds(10)));
        assertEquals("is in the future", POLICY.scanTimeProblem(NOW.plusSeconds(11)));
    }

    @Test
    void aScanOfUpToSevenDaysAgoIsAccepted() {
        assertNull(POLICY.scanTimeProblem(NOW.minus(Duration.ofDays(7))));
        assertEquals("is more than 7 days old", POLICY.scanTimeProblem(NOW.minus(Duration.ofDays(7)).minusSeconds(1)));
    }

    private static Instant shanghai(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }
}
