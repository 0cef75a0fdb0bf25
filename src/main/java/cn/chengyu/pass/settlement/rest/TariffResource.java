package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.security.SiteToken;
import cn.chengyu.pass.settlement.TariffVersion;
import cn.chengyu.pass.settlement.service.TariffService;
import cn.chengyu.pass.web.DayParameter;
import cn.chengyu.pass.web.IsoDates;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** What the card authority pays a site per admitted entry. */
@Path("/api/v1/sites/{code}/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settlement", description = "What each site is owed for the visitors the card brings, month by month")
public class TariffResource {

    private final TariffService tariffs;
    private final JsonWebToken token;

    public TariffResource(TariffService tariffs, JsonWebToken token) {
        this.tariffs = tariffs;
        this.token = token;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER})
    @Operation(operationId = "listTariffs", summary = "A site's tariffs",
            description = "Every version of the site's tariff, the latest first; for the card authority and the site's partners.")
    @APIResponse(responseCode = "200", description = "The tariff versions")
    @APIResponse(responseCode = "403", description = "A partner of another site")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<List<TariffVersion>> list(@Parameter(description = "Site code", example = "lz-laojiao") @PathParam("code") String code) {
        SiteToken.partnerOf(token, code);
        return tariffs.list(code);
    }

    @PUT
    @Path("/{effectiveFrom}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putTariff", summary = "Set a tariff version",
            description = "Admin only. The site's rates in fen per admitted entry from that business day on, by product and "
                    + "category, until a later version; admissions are priced when they are recorded. Once the site has admitted "
                    + "anyone, a version may only take effect from a day no scan can have yet (409 otherwise: write one from a "
                    + "later day), so a version that has priced an entry does not change; before that, from any day.")
    @APIResponse(responseCode = "200", description = "The version was replaced")
    @APIResponse(responseCode = "201", description = "The version was created",
            content = @Content(schema = @Schema(implementation = TariffVersion.class)))
    @APIResponse(responseCode = "400", description = "The date or the body is invalid")
    @APIResponse(responseCode = "404", description = "No such site")
    @APIResponse(responseCode = "409", description = "The version has priced admissions")
    public Uni<RestResponse<TariffVersion>> put(
            @Parameter(description = "Site code", example = "lz-laojiao") @PathParam("code") String code,
            @Parameter(description = "First business day it prices, YYYY-MM-DD", example = "2026-10-01", schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.DAY_PATTERN))
            @PathParam("effectiveFrom") String effectiveFrom,
            @NotNull(message = "a tariff body is required") @Valid TariffRequest body) {
        return tariffs.put(code, DayParameter.date("effectiveFrom", effectiveFrom), body.rates()).map(saved -> saved.created()
                ? RestResponse.status(RestResponse.Status.CREATED, saved.version())
                : RestResponse.ok(saved.version()));
    }
}
