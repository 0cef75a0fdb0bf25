package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.card.service.DenylistService;
import cn.chengyu.pass.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The deny list gates keep to refuse passes offline. */
@Path("/api/v1/gates/denylist")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gates")
public class DenylistResource {

    private final DenylistService denylist;

    public DenylistResource(DenylistService denylist) {
        this.denylist = denylist;
    }

    @GET
    @RolesAllowed(Roles.GATE)
    @Operation(summary = "Deny-list changes",
            description = "Cards suspended, revoked, replaced or reinstated after version `since` (0 for all), with the current "
                    + "version to ask from next time.")
    public Uni<DenylistView> since(
            @Parameter(description = "The version the gate already has; 0 for the whole list")
            @QueryParam("since") @DefaultValue("0") @Min(0) long since) {
        return denylist.since(since);
    }
}
