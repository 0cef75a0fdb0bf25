package cn.chengyu.pass.settlement.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.product.repository.ProductRepository;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.settlement.Tariff;
import cn.chengyu.pass.settlement.TariffVersion;
import cn.chengyu.pass.settlement.TariffWatcher;
import cn.chengyu.pass.settlement.repository.TariffRepository;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Sites' tariffs: versions by effective date, immutable once one has priced an entry. Gates hold
 * them with the site for a moment; a written version is told to {@link TariffWatcher}s once it
 * committed, and can only take effect from a day no scan has yet once the site has admitted anyone.
 */
@ApplicationScoped
public class TariffService {

    private final TariffRepository tariffs;
    private final ProductRepository products;
    private final SiteService sites;
    private final BusinessTime time;
    private final Instance<TariffWatcher> watchers;

    public TariffService(TariffRepository tariffs, ProductRepository products, SiteService sites, BusinessTime time,
                         Instance<TariffWatcher> watchers) {
        this.tariffs = tariffs;
        this.watchers = watchers;
        this.products = products;
        this.sites = sites;
        this.time = time;
    }

    /** A site's tariff versions, the latest first, each saying whether it can still change (as {@link #put} decides). */
    @WithSession
    public Uni<List<TariffVersion>> list(String site) {
        return sites.find(site).chain(() -> tariffs.ofSite(site)).flatMap(rates -> tariffs.anyAdmission(site).map(admitted -> {
            LocalDate writable = firstWritableDay();
            return TariffVersion.of(site, rates, version -> admitted && version.isBefore(writable));
        }));
    }

    /**
     * The first day a version may take effect on once the site has admitted a visitor: the day after
     * the latest business day a scan can have now (gates may be up to {@link PassVerifier#CLOCK_SKEW}
     * ahead, and the request takes a moment to commit).
     */
    private LocalDate firstWritableDay() {
        return time.now().plus(PassVerifier.CLOCK_SKEW).plus(Duration.ofMinutes(1)).atZone(BusinessTime.ZONE).toLocalDate().plusDays(1);
    }

    /** The outcome of a PUT: the version as stored and whether it was new. */
    public record Saved(TariffVersion version, boolean created) {
    }

    /**
     * Writes the version of a site's tariff effective from {@code from}: every product it names must
     * exist and have a rate for each category. Once the site has a priced admission, a version is
     * written only from tomorrow (Asia/Shanghai) on, else 409: no admission can have been priced by it
     * (gates price by business days up to today), so a version that has priced an entry never changes
     * and none slips in under days already paid, without any lock on the gate path. Before a site's
     * first admission its tariff may take effect from any day.
     */
    public Uni<Saved> put(String site, LocalDate from, Map<String, Map<Category, Integer>> rates) {
        return Panache.withTransaction(() -> write(site, from, rates))
                .invoke(() -> watchers.forEach(watcher -> watcher.tariffsChanged(site)));
    }

    private Uni<Saved> write(String site, LocalDate from, Map<String, Map<Category, Integer>> rates) {
        return sites.find(site).chain(() -> products.listAll()).flatMap(known -> {
            List<Tariff> rows = new ArrayList<>();
            rates.forEach((product, byCategory) -> {
                if (known.stream().noneMatch(existing -> existing.code.equals(product))) {
                    throw ProblemException.invalidField("rates." + product, "is not a product code");
                }
                if (byCategory == null || !byCategory.keySet().containsAll(EnumSet.allOf(Category.class))) {
                    throw ProblemException.invalidField("rates." + product, "must give ADULT, SENIOR and MINOR");
                }
                byCategory.forEach((category, fen) -> rows.add(rate(site, from, product, category, fen)));
            });
            return tariffs.anyAdmission(site).flatMap(admitted -> {
                LocalDate writable = firstWritableDay();
                if (admitted && from.isBefore(writable)) {
                    throw ProblemException.conflict("Admissions at '" + site + "' are priced already: a new or changed tariff "
                            + "version takes effect from " + writable + " (Asia/Shanghai) on.");
                }
                return tariffs.count("siteCode = ?1 and effectiveFrom = ?2", site, from)
                        .flatMap(existing -> tariffs.replace(site, from, rows)
                                .map(ignored -> new Saved(TariffVersion.of(site, rows, version -> false).get(0), existing == 0)));
            });
        });
    }

    private static Tariff rate(String site, LocalDate from, String product, Category category, int fen) {
        Tariff rate = new Tariff();
        rate.siteCode = site;
        rate.effectiveFrom = from;
        rate.productCode = product;
        rate.category = category;
        rate.amountFen = fen;
        return rate;
    }
}
