package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.reservation.BookingPolicy;
import cn.chengyu.pass.reservation.SessionAvailability;
import cn.chengyu.pass.reservation.service.AvailabilityService;
import cn.chengyu.pass.reservation.service.ReservationService;
import cn.chengyu.pass.security.SiteToken;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.DayParameter;
import cn.chengyu.pass.web.IsoDates;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;

/** A site's sessions on a day: seats for apps, bookings for its gates. */
@Path("/api/v1/sites/{code}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations")
public class SessionResource {

    private final AvailabilityService availability;
    private final ReservationService reservations;
    private final JsonWebToken token;
    private final BusinessTime time;

    public SessionResource(AvailabilityService availability, ReservationService reservations, JsonWebToken token,
                           BusinessTime time) {
        this.availability = availability;
        this.reservations = reservations;
        this.token = token;
        this.time = time;
    }

    @GET
    @Path("/sessions")
    @PermitAll
    @Operation(operationId = "getSessionAvailability", summary = "Seats of a site's sessions",
            description = "Each session of the site on the day: capacity, seats booked, visitors admitted, seats left and a "
                    + "traffic-light level. Up to 2 seconds old; a booking or cancellation shows at once on the "
                    + "replica that took it, on every replica within those 2 seconds.")
    @APIResponse(responseCode = "200", description = "The sessions, earliest first", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = SessionAvailability.class)))
    @APIResponse(responseCode = "400", description = "The date is not a date (YYYY-MM-DD), or outside yesterday … today + 7")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<Response> sessions(
            @Parameter(description = "Site code", example = "cq-hongyadong") @PathParam("code") String code,
            @Parameter(description = "Business day (Asia/Shanghai), YYYY-MM-DD, from yesterday to today + 7; today when left out", example = "2026-10-01",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.DAY_PATTERN))
            @QueryParam("date") String date) {
        // The JSON as cached, sent as it is (HotAvailability answers copies held ready with the same bytes).
        return availability.of(code, dayOf(date)).map(json -> Response.ok(json, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/reservations")
    @RolesAllowed(Roles.GATE)
    @Operation(operationId = "getSiteReservations", summary = "Reservations for a site's gates",
            description = "The site's reservations of a day changed at or after version `since` (0 for all), so a gate can check "
                    + "bookings offline; ask again with the version answered. Card numbers and statuses only: no personal data.")
    @APIResponse(responseCode = "200", description = "The reservations changed, and the version to ask from next time")
    @APIResponse(responseCode = "400", description = "A query parameter is invalid")
    @APIResponse(responseCode = "403", description = "The gate stands at another site")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<GateReservationsView> reservations(
            @Parameter(description = "Site code", example = "cq-hongyadong") @PathParam("code") String code,
            @Parameter(description = "Business day (Asia/Shanghai), YYYY-MM-DD, from yesterday to today + 7; when left out, the "
                    + "day of what the site's gates admit now: a night session past midnight belongs to the day it opened on",
                    example = "2026-10-01",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.DAY_PATTERN))
            @QueryParam("date") String date,
            @Parameter(description = "Version answered by the last call; 0 for all") @QueryParam("since") @DefaultValue("0") @Min(0) long since) {
        SiteToken.gateAt(token, code);
        return reservations.changes(code, date == null || date.isEmpty() ? null : dayOf(date), since)
                .map(changes -> GateReservationsView.of(changes, time.now()));
    }

    private LocalDate dayOf(String date) {
        return DayParameter.parse(date, time.today(), BookingPolicy.DAYS_AHEAD);
    }
}
