package cn.chengyu.pass.journey.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.journey.LiveRoute;
import cn.chengyu.pass.journey.service.LiveRouteService;
import cn.chengyu.pass.reservation.BookingPolicy;
import cn.chengyu.pass.web.DayParameter;
import cn.chengyu.pass.web.IsoDates;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A published route's stops on a day, live. */
@Path("/api/v1/routes/{code}/live")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Journeys")
public class LiveRouteResource {

    private final LiveRouteService live;
    private final BusinessTime time;

    public LiveRouteResource(LiveRouteService live, BusinessTime time) {
        this.live = live;
        this.time = time;
    }

    @GET
    @PermitAll
    @Operation(operationId = "getLiveRoute", summary = "Live status of a route",
            description = "Each stop of the published route on the day: its occupancy level (seats booked and visitors admitted "
                    + "against capacity), its sessions that have not ended, and for a stop that is RED or full up to three "
                    + "alternatives. Up to 5 seconds old.")
    @APIResponse(responseCode = "200", description = "The route's stops on the day",
            content = @Content(schema = @Schema(implementation = LiveRoute.class)))
    @APIResponse(responseCode = "400", description = "The date is not a date (YYYY-MM-DD), or outside yesterday … today + 7")
    @APIResponse(responseCode = "404", description = "No such published route")
    public Uni<Response> live(
            @Parameter(description = "Route code", example = "liquor-culture") @PathParam("code") String code,
            @Parameter(description = "Business day (Asia/Shanghai), YYYY-MM-DD, from yesterday to today + 7; today when left out", example = "2026-10-01",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.DAY_PATTERN))
            @QueryParam("date") String date) {
        // The JSON as cached, sent as it is (HotLiveRoutes answers copies held ready with the same bytes).
        return live.of(code, DayParameter.parse(date, time.today(), BookingPolicy.DAYS_AHEAD))
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON).build());
    }
}
