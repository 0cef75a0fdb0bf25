package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * What the card authority pays a site for one admitted entry (plain rules, no framework): the
 * site's tariff version in effect on the entry's business day (the latest one effective on or
 * before it) prices it by the card's product and category, in integer fen. A product that version
 * does not list, or a day before the site's first tariff, is priced 0 with no tariff. Settlement
 * periods are the months of business days (Asia/Shanghai: a night session's scan after midnight
 * belongs to the day, and so the month, the session opened on).
 */
public final class Pricing {

    /** One rate of a tariff version. */
    public record Rate(LocalDate effectiveFrom, String productCode, Category category, int amountFen) {
    }

    /** An entry's amount and the tariff version that priced it (null: none). */
    public record Price(int amountFen, LocalDate tariffFrom) {

        public static final Price NONE = new Price(0, null);
    }

    public static final Pricing NO_TARIFF = new Pricing(List.of());

    /** The rates, latest version first. */
    private final List<Rate> rates;

    private Pricing(List<Rate> rates) {
        this.rates = rates;
    }

    public static Pricing of(List<Rate> rates) {
        return new Pricing(rates.stream().sorted(Comparator.comparing(Rate::effectiveFrom).reversed()).toList());
    }

    /** The price of an admission on {@code businessDay} with a card of that product and category. */
    public Price price(String productCode, Category category, LocalDate businessDay) {
        if (productCode == null || category == null) {
            return Price.NONE;
        }
        LocalDate version = rates.stream().map(Rate::effectiveFrom).filter(from -> !from.isAfter(businessDay))
                .findFirst().orElse(null);
        if (version == null) {
            return Price.NONE;
        }
        return rates.stream()
                .filter(rate -> rate.effectiveFrom().equals(version) && rate.productCode().equals(productCode)
                        && rate.category() == category)
                .findFirst().map(rate -> new Price(rate.amountFen(), version)).orElse(new Price(0, version));
    }

    /** The settlement month of a business day: its first day. */
    public static LocalDate monthOf(LocalDate businessDay) {
        return businessDay.withDayOfMonth(1);
    }
}
