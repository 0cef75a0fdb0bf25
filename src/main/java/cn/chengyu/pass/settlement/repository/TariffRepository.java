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
     * The versions of a site's tariff that can no longer change: the site has lines of business days
     * from their first day on.
     */
    public Uni<List<LocalDate>> priced(String site) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT DISTINCT t.effective_from FROM tariff t
                        WHERE t.site_code = :site AND EXISTS (SELECT 1 FROM settlement_line l WHERE l.site_code = :site
                            AND l.month >= date_trunc('month', t.effective_from) AND l.business_day >= t.effective_from)
                        """, LocalDate.class)
                .setParameter("site", site)
                .getResultList());
    }

    /** Whether the site has any settlement line (an admission has been priced there). */
    public Uni<Boolean> anyLine(String site) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT EXISTS (SELECT 1 FROM settlement_line l WHERE l.site_code = :site)", Boolean.class)
                .setParameter("site", site).getSingleResult());
    }

    /** Replaces the rates of one version of a site's tariff (inside the caller's transaction). */
    public Uni<Void> replace(String site, LocalDate effectiveFrom, List<Tariff> rates) {
        return delete("siteCode = ?1 and effectiveFrom = ?2", site, effectiveFrom).chain(() -> persist(rates));
    }
}
