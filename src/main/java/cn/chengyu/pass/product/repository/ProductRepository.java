package cn.chengyu.pass.product.repository;

import cn.chengyu.pass.product.Product;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads card types (catalog: Panache). */
@ApplicationScoped
@WithSession
public class ProductRepository implements PanacheRepositoryBase<Product, String> {
}
