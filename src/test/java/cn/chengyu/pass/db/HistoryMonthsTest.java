package cn.chengyu.pass.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryMonthsTest {

    private static final HistoryMonths THREE_YEARS = new HistoryMonths(36);

    @Test
    void lastMonthToTwoMonthsOnAreMadeAheadAcrossTheYearsEnd() {
        assertEquals(List.of(YearMonth.of(2026, 12), YearMonth.of(2027, 1), YearMonth.of(2027, 2), YearMonth.of(2027, 3)),
                THREE_YEARS.madeAhead(LocalDate.of(2027, 1, 1)));
        assertEquals(List.of(YearMonth.of(2026, 10), YearMonth.of(2026, 11), YearMonth.of(2026, 12), YearMonth.of(2027, 1)),
                THREE_YEARS.madeAhead(LocalDate.of(2026, 11, 30)));
    }

    @Test
    void theKeptMonthsCountThisOne() {
        LocalDate today = LocalDate.of(2026, 11, 28);
        assertEquals(YearMonth.of(2023, 12), THREE_YEARS.oldestKept(today));
        assertFalse(THREE_YEARS.pastKeeping(YearMonth.of(2023, 12), today));
        assertTrue(THREE_YEARS.pastKeeping(YearMonth.of(2023, 11), today));
        assertFalse(THREE_YEARS.pastKeeping(YearMonth.of(2027, 1), today), "months ahead are kept");
    }

    @Test
    void aMonthBecomesPastKeepingOnTheFirstDayOfTheMonthThatPushesItOut() {
        assertFalse(THREE_YEARS.pastKeeping(YearMonth.of(2023, 12), LocalDate.of(2026, 11, 30)));
        assertTrue(THREE_YEARS.pastKeeping(YearMonth.of(2023, 12), LocalDate.of(2026, 12, 1)));
    }

    @Test
    void theFewestMonthsKeepEveryVisitOfACardValidForAYear() {
        HistoryMonths fewest = new HistoryMonths(HistoryMonths.FEWEST);
        LocalDate today = LocalDate.of(2026, 3, 1);
        LocalDate activatedAYearAgo = today.minusDays(365);
        assertFalse(fewest.pastKeeping(YearMonth.from(activatedAYearAgo), today));
        assertTrue(fewest.pastKeeping(YearMonth.from(activatedAYearAgo).minusMonths(1), today));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 12})
    void fewerThanThirteenMonthsAreRefused(int kept) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new HistoryMonths(kept));
        assertTrue(refused.getMessage().contains("pass.history-months"), refused.getMessage());
    }
}
