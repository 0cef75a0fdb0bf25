package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.card.service.DenylistService;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.OpenApiContract;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
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

    private static final int MAX_LIMIT = 5000;

    private final DenylistService denylist;

    public DenylistResource(DenylistService denylist) {
        this.denylist = denylist;
    }

    @GET
    @RolesAllowed(Roles.GATE)
    @Operation(operationId = "getDenylist", summary = "Deny-list changes",
            description = "Cards suspended, revoked, replaced or reinstated after version `since` (0 for all), oldest change "
                    + "first, at most `limit` of them, with the version to ask from next time; a gate pages until `hasMore` is "
                    + "false. Only card ids, numbers and statuses: no personal data.")
    public Uni<DenylistView> since(
            @Parameter(description = "The version the gate already has; 0 for the whole list")
            @QueryParam("since") @DefaultValue("0") @Min(0) long since,
            @Parameter(description = "Most changes in one answer, 1 to 5000")
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(MAX_LIMIT) int limit) {
        return denylist.since(since, limit).map(changes -> new DenylistView(changes.version(),
                changes.cards().stream().map(row -> new DenylistView.Entry(row.id(), row.number(), row.status())).toList(),
                changes.hasMore()));
    }
}
