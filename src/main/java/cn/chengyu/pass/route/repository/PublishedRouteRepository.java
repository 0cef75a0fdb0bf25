package cn.chengyu.pass.route.repository;

import cn.chengyu.pass.route.RouteStatus;
import cn.chengyu.pass.route.RouteVersion;
import cn.chengyu.pass.route.Theme;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The immutable published versions of routes, with their stops (catalog: Panache). Each read is
 * one query that fetches the stops with their versions, never one query per stop.
 */
@ApplicationScoped
@WithSession
public class PublishedRouteRepository implements PanacheRepositoryBase<RouteVersion, RouteVersion.Key> {

    private static final String LIVE = """
            from RouteVersion v join fetch v.stops
            where exists (from Route r where r.code = v.routeCode and r.publishedVersion = v.version and r.status = :published)
            """;

    /** The live version of every published route (of one theme, unless null), by route code. */
    public Uni<List<RouteVersion>> live(Theme theme) {
        Parameters parameters = Parameters.with("published", RouteStatus.PUBLISHED);
        if (theme == null) {
            return find(LIVE + " order by v.routeCode", parameters).list();
        }
        return find(LIVE + " and v.theme = :theme order by v.routeCode", parameters.and("theme", theme)).list();
    }

    /** The live version of a published route, or null. */
    public Uni<RouteVersion> live(String code) {
        // One route: its rows are its stops, so no limit (which Hibernate would apply in memory after the fetch join).
        return find(LIVE + " and v.routeCode = :code", Parameters.with("published", RouteStatus.PUBLISHED).and("code", code))
                .list().map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** Every version the route has published, newest first. */
    public Uni<List<RouteVersion>> versions(String code) {
        return find("from RouteVersion v join fetch v.stops where v.routeCode = :code order by v.version desc",
                Parameters.with("code", code)).list();
    }

    /** The number the route's next version takes. */
    public Uni<Integer> nextVersion(String code) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select coalesce(max(v.version), 0) + 1 from RouteVersion v where v.routeCode = :code",
                        Integer.class)
                .setParameter("code", code)
                .getSingleResult());
    }
}
