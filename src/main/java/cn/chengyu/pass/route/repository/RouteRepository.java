package cn.chengyu.pass.route.repository;

import cn.chengyu.pass.route.Route;
import cn.chengyu.pass.route.rest.RouteContent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;

/** Routes as operators change them, and the versions they publish. */
@ApplicationScoped
@WithSession
public class RouteRepository implements PanacheRepositoryBase<Route, String> {

    /** The route, locked until the end of the transaction, so two publishes cannot take one version number. */
    public Uni<Route> findForUpdate(String code) {
        return findById(code, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Of these site codes, the ones that exist. */
    public Uni<List<String>> existingSites(List<String> codes) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT code FROM site WHERE code IN (:codes)", String.class)
                .setParameter("codes", codes)
                .getResultList());
    }

    public Uni<Integer> nextVersion(String code) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT coalesce(max(version), 0) + 1 FROM route_version WHERE route_code = :code", Integer.class)
                .setParameter("code", code)
                .getSingleResult());
    }

    /** Writes an immutable version and its stops. */
    public Uni<Void> insertVersion(String code, int version, RouteContent content, Instant publishedAt) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                                INSERT INTO route_version (route_code, version, theme, name_zh, name_en, description, published_at)
                                VALUES (:code, :version, :theme, :zh, :en, :description, :publishedAt)""")
                        .setParameter("code", code)
                        .setParameter("version", version)
                        .setParameter("theme", content.theme().name())
                        .setParameter("zh", content.name().zh())
                        .setParameter("en", content.name().en())
                        .setParameter("description", content.description())
                        .setParameter("publishedAt", publishedAt)
                        .executeUpdate()
                .flatMap(inserted -> session.createNativeQuery("""
                                INSERT INTO route_stop (route_code, version, position, site_code, day, note)
                                SELECT :code, :version, stop.position, stop.site_code, stop.day, stop.note
                                FROM unnest(CAST(:sites AS text[]), CAST(:days AS int[]), CAST(:notes AS text[]))
                                     WITH ORDINALITY AS stop(site_code, day, note, position)""")
                        .setParameter("code", code)
                        .setParameter("version", version)
                        .setParameter("sites", content.stops().stream().map(RouteContent.Stop::siteCode).toArray(String[]::new))
                        .setParameter("days", content.stops().stream().map(RouteContent.Stop::day).toArray(Integer[]::new))
                        .setParameter("notes", content.stops().stream().map(RouteContent.Stop::note).toArray(String[]::new))
                        .executeUpdate())
                .replaceWithVoid());
    }
}
