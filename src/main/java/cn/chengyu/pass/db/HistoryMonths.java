package cn.chengyu.pass.db;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which months of entries and settlement lines the database holds ready: the month before this one
 * (late offline uploads, the close of last month) to two months ahead are made in advance, and the
 * last {@code kept} months, this one included, stay attached; older months are detached and archived.
 *
 * @param kept months kept attached, this one included; at least {@value #FEWEST}
 */
public record HistoryMonths(int kept) {

    /**
     * This month and the twelve before: every visit of a card valid for a year stays while the card
     * is valid (journeys count every visit since activation), and last month stays for late uploads.
     */
    public static final int FEWEST = 13;

    public HistoryMonths {
        if (kept < FEWEST) {
            throw new IllegalArgumentException("pass.history-months must be at least " + FEWEST + ", not " + kept);
        }
    }

    /** The months made ahead of need on {@code today}: from last month to two months on. */
    public List<YearMonth> madeAhead(LocalDate today) {
        YearMonth current = YearMonth.from(today);
        return Stream.iterate(current.minusMonths(1), month -> month.plusMonths(1)).limit(4).toList();
    }

    /** The oldest month kept attached on {@code today}. */
    public YearMonth oldestKept(LocalDate today) {
        return YearMonth.from(today).minusMonths(kept - 1L);
    }

    /** Whether {@code month} is past keeping on {@code today}. */
    public boolean pastKeeping(YearMonth month, LocalDate today) {
        return month.isBefore(oldestKept(today));
    }
}
