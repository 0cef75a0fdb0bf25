package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.service.VisitHistoryService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.OpenApiContract;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** A card's visit history. */
@Path("/api/v1/cards/{id}/entries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cards")
public class VisitHistoryResource {

    private final VisitHistoryService history;
    private final JsonWebToken token;

    public VisitHistoryResource(VisitHistoryService history, JsonWebToken token) {
        this.history = history;
        this.token = token;
    }

    @GET
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Operation(operationId = "listCardEntries", summary = "Visits of a card",
            description = "Every scan of the card and of the cards it replaced, newest first; for its owner and the card authority.")
    @APIResponse(responseCode = "200", description = "One page of visits")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<PageResult<VisitView>> list(
            @Parameter(description = "Card id") @PathParam("id") UUID id,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @Parameter(description = "Page size, 1 to 100") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return history.ofCard(Caller.of(token), id, page, size).map(found -> found.map(VisitView::of));
    }
}
