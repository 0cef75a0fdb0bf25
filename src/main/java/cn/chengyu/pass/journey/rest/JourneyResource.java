package cn.chengyu.pass.journey.rest;

import cn.chengyu.pass.journey.Journey;
import cn.chengyu.pass.journey.service.JourneyService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.UUID;

/** A card's journeys along the published routes, and their completion certificates. */
@Path("/api/v1/cards/{id}/journeys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.HOLDER)
@Tag(name = "Journeys", description = "Route progress, completion certificates and live route status")
public class JourneyResource {

    private final JourneyService journeys;
    private final JsonWebToken token;

    public JourneyResource(JourneyService journeys, JsonWebToken token) {
        this.journeys = journeys;
        this.token = token;
    }

    @GET
    @Operation(operationId = "listJourneys", summary = "A card's route progress",
            description = "For each published route, by route code: its stops and when the card (or a card it replaced) was "
                    + "first admitted at each since activation, stops visited of all, and when the route was completed.")
    @APIResponse(responseCode = "200", description = "The card's journeys")
    @APIResponse(responseCode = "404", description = "No such card of the caller's")
    public Uni<List<Journey>> list(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return journeys.progress(Caller.of(token), id);
    }

    @POST
    @Path("/{route}/certificate")
    @ResponseStatus(201)
    @Operation(operationId = "issueCertificate", summary = "Get a route completion certificate",
            description = "A signed certificate that the card visited every stop of the route (of its newest version the visits "
                    + "complete: a new version does not take away a route completed on an older one). Anyone verifies it offline "
                    + "with the keys of /pass-keys; each call signs a new one.")
    @APIResponse(responseCode = "201", description = "The certificate",
            content = @Content(schema = @Schema(implementation = CertificateView.class)))
    @APIResponse(responseCode = "404", description = "No such card of the caller's, or no such published route")
    @APIResponse(responseCode = "409", description = "A stop of the route is still to visit")
    public Uni<CertificateView> certificate(@Parameter(description = "Card id") @PathParam("id") UUID id,
                                            @Parameter(description = "Route code", example = "liquor-culture") @PathParam("route") String route) {
        return journeys.certificate(Caller.of(token), id, route).map(CertificateView::new);
    }
}
