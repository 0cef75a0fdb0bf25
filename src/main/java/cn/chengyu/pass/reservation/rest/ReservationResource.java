package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.reservation.service.ReservationService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A card's bookings of timed sessions. */
@Path("/api/v1/cards/{id}/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations", description = "Booked seats of timed and night sessions")
public class ReservationResource {

    private final ReservationService reservations;
    private final Idempotency idempotency;
    private final JsonWebToken token;
    private final BusinessTime time;

    public ReservationResource(ReservationService reservations, Idempotency idempotency, JsonWebToken token, BusinessTime time) {
        this.reservations = reservations;
        this.idempotency = idempotency;
        this.token = token;
        this.time = time;
    }

    @POST
    @RolesAllowed(Roles.HOLDER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    @Operation(operationId = "bookSession", summary = "Book a session",
            description = "The card's owner books a seat of a site's session on a business day from today to today + 7 "
                    + "(Asia/Shanghai), until the session ends. One live reservation per card (and its replacements), site and "
                    + "day. Bookings and walk-ins share the session's capacity. Three bookings left unused within 30 days "
                    + "suspend booking for the person for 7 days. An Idempotency-Key header is optional: with one, a retry "
                    + "answers the first answer.")
    @APIResponse(responseCode = "201", description = "The reservation, BOOKED",
            content = @Content(schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key")
    @APIResponse(responseCode = "403", description = "Booking is suspended after no-shows (booking-suspended; the detail says until when)")
    @APIResponse(responseCode = "404", description = "No such card of the caller's, or no such site")
    @APIResponse(responseCode = "409", description = "The session is full (session-full), the card already holds a reservation "
            + "at the site that day (already-reserved), the card has entered the site as often as its product allows "
            + "(already-entered), the site is closed (site-closed), or the card cannot be used")
    @APIResponse(responseCode = "422", description = "The day is outside today … today + 7, the session is over or the site "
            + "has no such session (not-bookable); or the Idempotency-Key was used with another body")
    @APIResponse(responseCode = "503", description = "The site's sessions or the card were being changed each time the booking "
            + "was tried; nothing was booked: send it again after Retry-After")
    public Uni<Response> book(
            @Parameter(description = "Card id") @PathParam("id") UUID id,
            @Parameter(description = "Client-chosen key (1–100 printable ASCII characters) that makes retries safe")
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @NotNull(message = "a booking body is required") @Valid BookingRequest request) {
        Caller caller = Caller.of(token);
        if (idempotencyKey == null) {
            return reservations.book(caller, id, request.site(), request.date(), request.session())
                    .map(booked -> Response.status(201).entity(ReservationView.of(booked, time.now())).build());
        }
        return idempotency.once(caller.subject(), Idempotency.requireKey(idempotencyKey), request,
                "/api/v1/cards/" + id + "/reservations",
                () -> reservations.book(caller, id, request.site(), request.date(), request.session())
                        .map(booked -> idempotency.answer(201, ReservationView.of(booked, time.now()))));
    }

    @GET
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Operation(operationId = "listReservations", summary = "List a card's reservations",
            description = "The reservations of the card and of the cards it replaced, latest session first; for its owner and the card authority.")
    @APIResponse(responseCode = "200", description = "The reservations")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<List<ReservationView>> list(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        Instant now = time.now();
        return reservations.list(Caller.of(token), id).map(found -> found.stream().map(each -> ReservationView.of(each, now)).toList());
    }

    @POST
    @Path("/{reservation}/cancel")
    @RolesAllowed(Roles.HOLDER)
    @Cancellable(false)
    @Operation(operationId = "cancelReservation", summary = "Cancel a reservation",
            description = "The card's owner cancels a booking until its session opens; the seat is free again.")
    @APIResponse(responseCode = "200", description = "The reservation, CANCELLED")
    @APIResponse(responseCode = "404", description = "No such reservation of a card of the caller's")
    @APIResponse(responseCode = "409", description = "Not a booking any more (used, cancelled) or its session has opened")
    public Uni<ReservationView> cancel(@Parameter(description = "Card id") @PathParam("id") UUID id,
                                       @Parameter(description = "Reservation id") @PathParam("reservation") UUID reservation) {
        return reservations.cancel(Caller.of(token), id, reservation).map(cancelled -> ReservationView.of(cancelled, time.now()));
    }
}
