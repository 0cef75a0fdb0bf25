package cn.chengyu.pass.settlement.repository;

import cn.chengyu.pass.settlement.Tariff;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

/** Sites' tariffs (catalog: Panache). */
@ApplicationScoped
@WithSession
public class TariffRepository implements PanacheRepositoryBase<Tariff, Tariff.Key> {

    /** A site's rates, the latest version first. */
    public Uni<List<Tariff>> ofSite(String site) {
        return list("siteCode", Sort.by("effectiveFrom", Sort.Direction.Descending).and("productCode").and("category"), site);
    }

    /**
     * Whether the site has admitted a visitor (and so priced an admission: every admission writes its
     * settlement line), read from its day counters (their key leads with the site).
     */
    public Uni<Boolean> anyAdmission(String site) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT EXISTS (SELECT 1 FROM site_day_admissions a WHERE a.site_code = :site AND a.admitted > 0)", Boolean.class)
                .setParameter("site", site).getSingleResult());
    }

    /** Replaces the rates of one version of a site's tariff (inside the caller's transaction). */
    public Uni<Void> replace(String site, LocalDate effectiveFrom, List<Tariff> rates) {
        return delete("siteCode = ?1 and effectiveFrom = ?2", site, effectiveFrom).chain(() -> persist(rates));
    }
}
