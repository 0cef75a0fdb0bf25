package cn.chengyu.pass.site;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When sessions run and which business day a time belongs to: no server, no database. */
class SessionTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Session DAY = session("day", "09:00", "18:00");
    private static final Session NIGHT = session("night", "18:00", "01:00");
    private static final List<Session> KUANZHAI = List.of(DAY, NIGHT);
    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);

    private static Session session(String code, String opens, String closes) {
        return new Session(code, LocalTime.parse(opens), LocalTime.parse(closes), 100, ReservationRule.OPTIONAL);
    }

    private static Instant shanghai(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    @ParameterizedTest
    @CsvSource({
            "2026-10-01T09:00, day, 2026-10-01",
            "2026-10-01T17:59:59, day, 2026-10-01",
            "2026-10-01T18:00, night, 2026-10-01",
            "2026-10-01T23:59:59, night, 2026-10-01",
            "2026-10-02T00:00, night, 2026-10-01",
            "2026-10-02T00:30, night, 2026-10-01",
            "2026-10-02T00:59:59, night, 2026-10-01"})
    void aTimeBelongsToTheSessionRunningThenAndToTheDayItOpened(String at, String session, LocalDate day) {
        Optional<Session.Occurrence> running = Session.at(KUANZHAI, shanghai(at));
        assertEquals(session, running.orElseThrow().session().code());
        assertEquals(day, running.orElseThrow().day());
    }

    @ParameterizedTest
    @CsvSource({"2026-10-02T01:00", "2026-10-02T05:00", "2026-10-02T08:59:59"})
    void betweenTheNightsEndAndTheDaysStartNoSessionRuns(String at) {
        assertTrue(Session.at(KUANZHAI, shanghai(at)).isEmpty());
    }

    @Test
    void aNightSessionClosesOnTheNextCalendarDay() {
        assertEquals(shanghai("2026-10-01T18:00"), NIGHT.opensOn(OCT_1));
        assertEquals(shanghai("2026-10-02T01:00"), NIGHT.closesOn(OCT_1));
        assertEquals(shanghai("2026-10-01T18:00"), DAY.closesOn(OCT_1));
        assertTrue(NIGHT.pastMidnight());
        assertFalse(DAY.pastMidnight());
    }

    @Test
    void aSessionClosingAtMidnightEndsAtTheStartOfTheNextDay() {
        Session evening = session("evening", "18:00", "00:00");
        assertTrue(evening.pastMidnight());
        assertEquals(shanghai("2026-10-02T00:00"), evening.closesOn(OCT_1));
        assertEquals(OCT_1, Session.at(List.of(evening), shanghai("2026-10-01T23:59:59")).orElseThrow().day());
        assertTrue(Session.at(List.of(evening), shanghai("2026-10-02T00:00")).isEmpty());
    }

    @Test
    void sessionsAreAsiaShanghaiWhateverTheServersZone() {
        // 10:00 UTC is 18:00 in Shanghai: the night has begun.
        assertEquals("night", Session.at(KUANZHAI, Instant.parse("2026-10-01T10:00:00Z")).orElseThrow().session().code());
        assertEquals("day", Session.at(KUANZHAI, Instant.parse("2026-10-01T09:59:59Z")).orElseThrow().session().code());
    }

    @Test
    void adjacentSessionsDoNotOverlapOverlappingOnesDo() {
        assertFalse(DAY.overlaps(NIGHT));
        assertTrue(DAY.overlaps(session("noon", "12:00", "13:00")));
        assertTrue(session("late", "17:00", "19:00").overlaps(NIGHT));
    }

    @Test
    void aNightSessionOverlapsTheNextDaysEarlySession() {
        assertTrue(NIGHT.overlaps(session("dawn", "00:30", "06:00")));
        assertFalse(NIGHT.overlaps(session("dawn", "01:00", "06:00")));
    }

    @Test
    void theSpanRunsFromTheFirstOpeningToTheLastClosingPastMidnight() {
        assertEquals(new Session.Hours(LocalTime.of(9, 0), LocalTime.of(1, 0)), Session.span(KUANZHAI));
        assertEquals(new Session.Hours(LocalTime.of(11, 0), LocalTime.of(23, 30)),
                Session.span(List.of(session("night", "17:00", "23:30"), session("day", "11:00", "17:00"))));
    }
}
