package floor;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** One resource reading through Hibernate Reactive. */
@Path("/sites")
public class SiteResource {

    @GET
    @WithSession
    public Uni<Long> count() {
        return Site.count();
    }
}
