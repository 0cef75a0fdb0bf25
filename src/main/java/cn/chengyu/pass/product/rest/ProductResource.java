package cn.chengyu.pass.product.rest;

import cn.chengyu.pass.product.repository.ProductRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The card types on sale; a read-only catalog, so the resource reads the repository directly. */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = "Card types")
public class ProductResource {

    private final ProductRepository products;

    public ProductResource(ProductRepository products) {
        this.products = products;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listProducts", summary = "List card types", description = "Every product on sale, ordered by code.")
    public Uni<List<ProductView>> list() {
        return products.listAll(Sort.by("code")).map(found -> found.stream().map(ProductView::of).toList());
    }
}
