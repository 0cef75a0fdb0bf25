package cn.chengyu.pass.site.repository;

import cn.chengyu.pass.site.SiteSession;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Reads and writes sites' sessions. */
@ApplicationScoped
@WithSession
public class SiteSessionRepository implements PanacheRepositoryBase<SiteSession, SiteSession.Key> {

    /** These sites' sessions, earliest first. */
    public Uni<List<SiteSession>> of(List<String> sites) {
        return list("siteCode in ?1", Sort.by("opens"), sites);
    }

    /** Replaces a site's sessions with these (inside the caller's transaction). */
    public Uni<Void> replace(String site, List<SiteSession> sessions) {
        return delete("siteCode", site).chain(() -> persist(sessions));
    }
}
