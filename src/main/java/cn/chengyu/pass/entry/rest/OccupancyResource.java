package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.service.OccupancyService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live occupancy of a site. */
@Path("/api/v1/sites/{code}/occupancy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sites")
public class OccupancyResource {

    private final OccupancyService occupancy;

    public OccupancyResource(OccupancyService occupancy) {
        this.occupancy = occupancy;
    }

    @GET
    @PermitAll
    @Operation(operationId = "getOccupancy", summary = "Today's occupancy of a site",
            description = "Entries admitted on the current Asia/Shanghai day against the daily capacity, with a traffic-light level.")
    @APIResponse(responseCode = "200", description = "The occupancy")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<OccupancyView> get(@Parameter(description = "Site code", example = "cq-hongyadong") @PathParam("code") String code) {
        return occupancy.today(code).map(today -> new OccupancyView(today.site(), today.date(), today.admitted(),
                today.capacity(), today.level()));
    }
}
