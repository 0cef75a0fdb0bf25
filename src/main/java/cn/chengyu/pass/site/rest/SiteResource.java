package cn.chengyu.pass.site.rest;

import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.repository.SiteRepository;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.Codes;
import cn.chengyu.pass.web.OpenApiContract;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The scenic sites of the region. */
@Path("/api/v1/sites")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sites", description = "Scenic sites whose gates admit the card")
public class SiteResource {

    private final SiteService sites;

    public SiteResource(SiteService sites) {
        this.sites = sites;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listSites", summary = "List sites", description = "Sites ordered by code, optionally filtered by city and province; pages count from 0.")
    @APIResponse(responseCode = "200", description = "One page of sites")
    @APIResponse(responseCode = "400", description = "A query parameter is out of range")
    public Uni<PageResult<SiteView>> list(
            @Parameter(description = "Only sites in this city (case-insensitive)", example = "Chengdu")
            @QueryParam("city") @Size(max = 60) String city,
            @Parameter(description = "Only sites in this province", schema = @Schema(implementation = Province.class))
            @QueryParam("province") @Pattern(regexp = "CHONGQING|SICHUAN", message = "must be CHONGQING or SICHUAN") String province,
            @Parameter(description = "Page number, from 0")
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @Parameter(description = "Page size, 1 to 100")
            @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        SiteRepository.Filter filter = new SiteRepository.Filter(
                city == null || city.isBlank() ? null : city.strip(),
                province == null ? null : Province.valueOf(province));
        return sites.list(filter, page, size).map(found -> found.map(SiteView::of));
    }

    @GET
    @Path("/{code}")
    @PermitAll
    @Operation(operationId = "getSite", summary = "Get a site", description = "One site with its names, location, opening hours, capacity and status.")
    @APIResponse(responseCode = "200", description = "The site")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<SiteView> get(@Parameter(description = "Site code", example = "cq-hongyadong") @PathParam("code") String code) {
        return sites.findWithSessions(code).map(SiteView::of);
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    @Operation(operationId = "putSite", summary = "Create or replace a site",
            description = "Admin only. The body is the site as GET shows it; its code may be left out and must match the path.")
    @APIResponse(responseCode = "200", description = "The site was replaced")
    @APIResponse(responseCode = "201", description = "The site was created", content = @Content(schema = @Schema(implementation = SiteView.class)))
    @APIResponse(responseCode = "400", description = "The body is invalid")
    @APIResponse(responseCode = "409", description = "The body leaves out a session that holds bookings from yesterday on")
    public Uni<RestResponse<SiteView>> put(
            @Parameter(description = "Site code: lower-case words joined by '-'", example = "cq-hongyadong")
            @PathParam("code") @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) @Size(max = 40) String code,
            @NotNull(message = "a site body is required") @Valid SiteView body) {
        return sites.save(body.toSite(code)).map(saved -> saved.created()
                ? RestResponse.status(RestResponse.Status.CREATED, SiteView.of(saved.site()))
                : RestResponse.ok(SiteView.of(saved.site())));
    }
}
