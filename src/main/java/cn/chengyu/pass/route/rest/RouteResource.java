package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.HotRoute;
import cn.chengyu.pass.route.Itinerary;
import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.route.service.RouteService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.OpenApiContract;
import cn.chengyu.pass.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.server.Cancellable;

import java.util.List;

/** Cross-region routes: public reads and the operators' publishing. */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routes", description = "Cross-region routes")
public class RouteResource {

    /** A code no route may have: {@code GET /routes/hot} lists the hot routes, so such a route could never be read. */
    private static final String HOT = "hot";

    private final RouteService routes;
    private final JsonWebToken token;
    private final ObjectMapper json;

    public RouteResource(RouteService routes, ObjectMapper json, JsonWebToken token) {
        this.routes = routes;
        this.token = token;
        this.json = json;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listRoutes", summary = "List published routes", description = "Every published route in its live version, by code; optionally one theme.")
    @APIResponse(responseCode = "200", description = "The routes")
    public Uni<List<PublishedRoute>> list(
            @Parameter(description = "Only routes of this theme", schema = @Schema(implementation = Theme.class))
            @QueryParam("theme") @Pattern(regexp = "LIQUOR_CULTURE|HISTORICAL_CULTURE|FOOD_CULTURE|NATURE",
                    message = "must be a theme") String theme) {
        return routes.listPublished(theme == null ? null : Theme.valueOf(theme));
    }

    @GET
    @Path("/" + HOT)
    @PermitAll
    @Operation(operationId = "listHotRoutes", summary = "Most viewed routes",
            description = "Published routes ranked by itinerary views (counted in Redis); empty while Redis is unavailable.")
    @APIResponse(responseCode = "200", description = "The ranking, most viewed first")
    public Uni<List<HotRoute>> hot(
            @Parameter(description = "How many, 1 to 50") @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(50) int limit) {
        return routes.hot(limit);
    }

    @GET
    @Path("/{code}")
    @PermitAll
    @Operation(operationId = "getRoute", summary = "Get a published route", description = "The live version; drafts and retired routes answer 404.")
    @APIResponse(responseCode = "200", description = "The route")
    @APIResponse(responseCode = "404", description = "No such published route")
    public Uni<PublishedRoute> get(@Parameter(description = "Route code") @PathParam("code") String code) {
        return routes.findPublished(code);
    }

    @GET
    @Path("/{code}/itinerary")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, TouristTrip.MEDIA_TYPE})
    @Operation(operationId = "getItinerary", summary = "A route's itinerary",
            description = "The live version's stops grouped by day, with each site's names, city, location and hours. "
                    + "Carries an ETag; If-None-Match with it answers 304. Accept: application/ld+json gives a schema.org TouristTrip (by the header's q-values; named at the same q as application/json, JSON-LD).")
    @APIResponse(responseCode = "200", description = "The itinerary", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Itinerary.class)),
            @Content(mediaType = TouristTrip.MEDIA_TYPE, schema = @Schema(implementation = TouristTrip.class))},
            headers = @Header(name = HttpHeaders.ETAG, description = "The version of the itinerary in this representation, for If-None-Match",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given",
            headers = @Header(name = HttpHeaders.ETAG, description = "The version the client holds", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such published route")
    public Uni<Response> itinerary(@Parameter(description = "Route code") @PathParam("code") String code,
                                   @Parameter(description = "application/ld+json for a schema.org TouristTrip")
                                   @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                   @Parameter(description = "The ETag of a copy the client holds; unchanged answers 304")
                                   @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        // A copy held ready was answered by HotItineraries, unless the Accept header is one it leaves to this method.
        return routes.itinerary(code).map(cached -> answer(cached, accept, ifNoneMatch));
    }

    /** The cached copy's bytes (made once per copy), or 304 without a body when the client holds them. */
    private Response answer(CachedItinerary cached, String accept, String ifNoneMatch) {
        ItineraryRepresentations.Representation shown = ItineraryRepresentations.of(cached, json).chosenBy(accept);
        // A Response, not a RestResponse<byte[]>: with the latter the JSON writer would write the bytes as a base64 string.
        Response.ResponseBuilder answer = shown.isHeldBy(ifNoneMatch) ? Response.notModified() : Response.ok(shown.body(), shown.type());
        return answer.header(HttpHeaders.ETAG, shown.etag()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(operationId = "createRoute", summary = "Create a route", description = "An operator creates a route as a draft it owns; nothing is public until it is published.")
    @APIResponse(responseCode = "201", description = "The draft route", content = @Content(schema = @Schema(implementation = OperatorRouteView.class)))
    @APIResponse(responseCode = "400", description = "An invalid body, or the code `hot` (GET /routes/hot lists the hot routes)")
    @APIResponse(responseCode = "409", description = "The code is taken")
    @APIResponse(responseCode = "422", description = "A stop names no site, or the days have gaps")
    public Uni<OperatorRouteView> create(@NotNull(message = "a route body is required") @Valid CreateRouteRequest request) {
        if (HOT.equals(request.code())) {
            throw ProblemException.invalidField("code", "is reserved: GET /routes/hot lists the hot routes");
        }
        return routes.create(Caller.of(token), request.code(), request.content()).map(OperatorRouteView::of);
    }

    @PUT
    @Path("/{code}/draft")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "editRouteDraft", summary = "Edit a route's draft", description = "The owning operator edits the next version; the published one stays live.")
    @APIResponse(responseCode = "200", description = "The route with its new draft")
    @APIResponse(responseCode = "403", description = "Another operator's route")
    public Uni<OperatorRouteView> editDraft(@Parameter(description = "Route code") @PathParam("code") String code,
                                            @NotNull(message = "a draft body is required") @Valid RouteContent content) {
        return routes.editDraft(Caller.of(token), code, content).map(OperatorRouteView::of);
    }

    @POST
    @Path("/{code}/publish")
    @RolesAllowed(Roles.OPERATOR)
    @Cancellable(false)
    @Operation(operationId = "publishRoute", summary = "Publish a route", description = "The draft becomes the next immutable version and goes live at once.")
    @APIResponse(responseCode = "200", description = "The published version")
    @APIResponse(responseCode = "403", description = "Another operator's route")
    @APIResponse(responseCode = "404", description = "No such route")
    @APIResponse(responseCode = "422", description = "The draft cannot be published: a stop at no site, or days out of order (invalid-route)")
    public Uni<PublishedRoute> publish(@Parameter(description = "Route code") @PathParam("code") String code) {
        return routes.publish(Caller.of(token), code);
    }

    @POST
    @Path("/{code}/retire")
    @RolesAllowed(Roles.OPERATOR)
    @Cancellable(false)
    @Operation(operationId = "retireRoute", summary = "Retire a route", description = "Withdraws a published route from public reads; a new publish brings it back.")
    @APIResponse(responseCode = "200", description = "The retired route")
    @APIResponse(responseCode = "403", description = "Another operator's route")
    @APIResponse(responseCode = "404", description = "No such route")
    @APIResponse(responseCode = "409", description = "The route is not published")
    public Uni<OperatorRouteView> retire(@Parameter(description = "Route code") @PathParam("code") String code) {
        return routes.retire(Caller.of(token), code).map(OperatorRouteView::of);
    }
}
