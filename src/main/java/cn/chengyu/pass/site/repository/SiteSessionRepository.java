package cn.chengyu.pass.site.repository;

import cn.chengyu.pass.site.SiteSession;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

/** Reads and writes sites' sessions. */
@ApplicationScoped
@WithSession
public class SiteSessionRepository implements PanacheRepositoryBase<SiteSession, SiteSession.Key> {

    /** These sites' sessions, earliest first. */
    public Uni<List<SiteSession>> of(List<String> sites) {
        return list("siteCode in ?1", Sort.by("opens"), sites);
    }

    /**
     * The codes of the site's sessions, other than {@code kept}, that hold bookings from {@code from} on:
     * a session with bookings cannot go (its booked seats would hold a session no gate admits to).
     */
    public Uni<List<String>> bookedBesides(String site, List<String> kept, LocalDate from) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT DISTINCT session_code FROM reservation
                        WHERE site_code = :site AND status = 'BOOKED' AND day >= :from AND session_code NOT IN (:kept)
                        """, String.class)
                .setParameter("site", site).setParameter("from", from).setParameter("kept", kept)
                .getResultList());
    }

    /** Deletes a site's sessions (inside the caller's transaction, which then writes their replacements). */
    public Uni<Long> deleteOf(String site) {
        return delete("siteCode", site);
    }
}
