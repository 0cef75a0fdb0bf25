package floor;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** One resource reading through Hibernate Reactive, under a fault-tolerance timeout. */
@Path("/sites")
public class SiteResource {

    @GET
    @WithSession
    @Timeout(2000)
    public Uni<Long> count() {
        return Site.count();
    }
}
