package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** One version of a site's tariff: its rates by product and category from a day on. */
@Schema(name = "Tariff", description = "What the card authority pays a site per admitted entry, in fen, from a day on")
public record TariffVersion(
        @Schema(description = "Site code", example = "lz-laojiao") String site,
        @Schema(description = "First business day (Asia/Shanghai) it prices") LocalDate effectiveFrom,
        @Schema(description = "Fen per admitted entry by product code, then category (ADULT, SENIOR, MINOR)",
                example = "{\"ANNUAL\":{\"ADULT\":1500,\"SENIOR\":800,\"MINOR\":800}}")
        Map<String, Map<Category, Integer>> rates,
        @Schema(description = "True once it can no longer change: the site has admitted visitors and the version takes effect "
                + "before the first day a new one may (tomorrow, Asia/Shanghai)") boolean priced) {

    /** The versions in {@code rates} (any order), the latest first; {@code frozen} says which can no longer change. */
    public static List<TariffVersion> of(String site, List<Tariff> rates, Predicate<LocalDate> frozen) {
        Map<LocalDate, List<Tariff>> byVersion = new TreeMap<>(Comparator.reverseOrder());
        rates.forEach(rate -> byVersion.computeIfAbsent(rate.effectiveFrom, version -> new ArrayList<>()).add(rate));
        return byVersion.entrySet().stream().map(version -> new TariffVersion(site, version.getKey(),
                ratesOf(version.getValue()), frozen.test(version.getKey()))).toList();
    }

    private static Map<String, Map<Category, Integer>> ratesOf(List<Tariff> rates) {
        Map<String, Map<Category, Integer>> byProduct = new TreeMap<>();
        rates.forEach(rate -> byProduct.computeIfAbsent(rate.productCode, product -> new EnumMap<>(Category.class))
                .put(rate.category, rate.amountFen));
        return byProduct;
    }
}
