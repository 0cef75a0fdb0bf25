package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pricing on fixed tariffs: every product and category, effective-date boundaries, the month of a business day. */
class PricingTest {

    private static final LocalDate OCTOBER = LocalDate.of(2026, 10, 1);
    private static final LocalDate NOVEMBER_15 = LocalDate.of(2026, 11, 15);

    /** October's version prices both products; November's raises ANNUAL and leaves PASS_72H out. */
    private static final Pricing PRICING = Pricing.of(List.of(
            new Pricing.Rate(NOVEMBER_15, "ANNUAL", Category.ADULT, 2000),
            new Pricing.Rate(NOVEMBER_15, "ANNUAL", Category.SENIOR, 1000),
            new Pricing.Rate(NOVEMBER_15, "ANNUAL", Category.MINOR, 900),
            new Pricing.Rate(OCTOBER, "ANNUAL", Category.ADULT, 1500),
            new Pricing.Rate(OCTOBER, "ANNUAL", Category.SENIOR, 800),
            new Pricing.Rate(OCTOBER, "ANNUAL", Category.MINOR, 700),
            new Pricing.Rate(OCTOBER, "PASS_72H", Category.ADULT, 3000),
            new Pricing.Rate(OCTOBER, "PASS_72H", Category.SENIOR, 1600),
            new Pricing.Rate(OCTOBER, "PASS_72H", Category.MINOR, 1400)));

    @ParameterizedTest
    @CsvSource({"ANNUAL, ADULT, 1500", "ANNUAL, SENIOR, 800", "ANNUAL, MINOR, 700",
            "PASS_72H, ADULT, 3000", "PASS_72H, SENIOR, 1600", "PASS_72H, MINOR, 1400"})
    void everyProductAndCategoryHasItsRate(String product, Category category, int fen) {
        assertEquals(new Pricing.Price(fen, OCTOBER), PRICING.price(product, category, LocalDate.of(2026, 10, 20)));
    }

    @ParameterizedTest
    @CsvSource({"ANNUAL, ADULT, 2000", "ANNUAL, SENIOR, 1000", "ANNUAL, MINOR, 900"})
    void aLaterVersionPricesFromItsFirstDay(String product, Category category, int fen) {
        assertEquals(new Pricing.Price(fen, NOVEMBER_15), PRICING.price(product, category, NOVEMBER_15));
        assertEquals(new Pricing.Price(fen, NOVEMBER_15), PRICING.price(product, category, NOVEMBER_15.plusYears(3)));
    }

    @Test
    void theDayBeforeAVersionIsPricedByTheOneBefore() {
        assertEquals(new Pricing.Price(1500, OCTOBER), PRICING.price("ANNUAL", Category.ADULT, NOVEMBER_15.minusDays(1)));
        assertEquals(new Pricing.Price(1500, OCTOBER), PRICING.price("ANNUAL", Category.ADULT, OCTOBER));
    }

    @Test
    void beforeTheFirstVersionNothingIsPaid() {
        assertEquals(Pricing.Price.NONE, PRICING.price("ANNUAL", Category.ADULT, OCTOBER.minusDays(1)));
        assertEquals(Pricing.Price.NONE, Pricing.NO_TARIFF.price("ANNUAL", Category.ADULT, OCTOBER));
    }

    @ParameterizedTest
    @CsvSource({"ADULT", "SENIOR", "MINOR"})
    void aProductTheVersionInEffectLeavesOutIsPricedZeroByIt(Category category) {
        assertEquals(new Pricing.Price(0, NOVEMBER_15), PRICING.price("PASS_72H", category, NOVEMBER_15));
        assertEquals(new Pricing.Price(0, OCTOBER), PRICING.price("NO_SUCH_PRODUCT", category, OCTOBER));
    }

    @Test
    void anUnknownCardIsPricedZeroWithNoTariff() {
        assertEquals(Pricing.Price.NONE, PRICING.price(null, null, OCTOBER));
    }

    @Test
    void theVersionsComeInAnyOrder() {
        Pricing reversed = Pricing.of(List.of(new Pricing.Rate(OCTOBER, "ANNUAL", Category.ADULT, 1),
                new Pricing.Rate(NOVEMBER_15, "ANNUAL", Category.ADULT, 2)));
        assertEquals(2, reversed.price("ANNUAL", Category.ADULT, NOVEMBER_15).amountFen());
        assertEquals(1, reversed.price("ANNUAL", Category.ADULT, NOVEMBER_15.minusDays(1)).amountFen());
    }

    private static LocalDate monthOfScan(List<Session> sessions, String instant) {
        Instant at = Instant.parse(instant);
        return Pricing.monthOf(AdmissionPolicy.businessDay(Session.at(sessions, at), at));
    }

    @Test
    void theMonthTurnsAtMidnightAsiaShanghaiOnTheFirst() {
        List<Session> allDay = List.of(new Session("day", LocalTime.of(0, 0), LocalTime.of(23, 59), 100, ReservationRule.OPTIONAL));
        // 23:58 on 31 October and 00:00 on 1 November in Asia/Shanghai (UTC+8)
        assertEquals(LocalDate.of(2026, 10, 1), monthOfScan(allDay, "2026-10-31T15:58:00Z"));
        assertEquals(LocalDate.of(2026, 11, 1), monthOfScan(allDay, "2026-10-31T16:00:00Z"));
        assertEquals(LocalDate.of(2026, 11, 1), Pricing.monthOf(LocalDate.of(2026, 11, 30)));
    }

    @Test
    void aNightSessionsScanAfterMidnightOnTheFirstBelongsToTheMonthItOpenedIn() {
        List<Session> night = List.of(new Session("night", LocalTime.of(18, 0), LocalTime.of(1, 0), 100, ReservationRule.OPTIONAL));
        // 00:30 on 1 November, in the night session that opened on 31 October
        assertEquals(LocalDate.of(2026, 10, 1), monthOfScan(night, "2026-10-31T16:30:00Z"));
    }
}
