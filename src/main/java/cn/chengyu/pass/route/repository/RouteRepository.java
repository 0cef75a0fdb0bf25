package cn.chengyu.pass.route.repository;

import cn.chengyu.pass.route.Route;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Routes as operators change them (catalog: Panache). */
@ApplicationScoped
@WithSession
public class RouteRepository implements PanacheRepositoryBase<Route, String> {

    /** The route, locked until the end of the transaction, so two publishes cannot take one version number. */
    public Uni<Route> findForUpdate(String code) {
        return findById(code, LockModeType.PESSIMISTIC_WRITE);
    }
}
