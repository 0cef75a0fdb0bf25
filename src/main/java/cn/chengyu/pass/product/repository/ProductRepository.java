package cn.chengyu.pass.product.repository;

import cn.chengyu.pass.product.Product;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads card types (catalog: Panache). */
@ApplicationScoped
@WithSession
public class ProductRepository implements PanacheRepositoryBase<Product, String> {

    /** The product, in a session of its own: callers need not run in one. */
    public Uni<Product> find(String code) {
        return findById(code);
    }
}
