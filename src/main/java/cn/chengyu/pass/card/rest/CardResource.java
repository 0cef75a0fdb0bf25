package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.service.CardService;
import cn.chengyu.pass.card.service.PassService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.security.VerifiedPerson;
import cn.chengyu.pass.web.OpenApiContract;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.Paging;
import cn.chengyu.pass.web.ProblemException;
import cn.chengyu.pass.web.idempotency.Idempotency;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.server.Cancellable;

import java.time.Instant;
import java.util.UUID;

/** Real-name cards: issue, read, lifecycle and passes. */
@Path("/api/v1/cards")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cards", description = "The shared real-name card")
public class CardResource {

    private static final String ISSUE_PATH = "/api/v1/cards";

    private final CardService cards;
    private final PassService passes;
    private final Idempotency idempotency;
    private final JsonWebToken token;
    private final BusinessTime time;

    public CardResource(CardService cards, PassService passes, Idempotency idempotency, JsonWebToken token, BusinessTime time) {
        this.cards = cards;
        this.passes = passes;
        this.idempotency = idempotency;
        this.token = token;
        this.time = time;
    }

    /** A card as shown now. */
    private Uni<CardView> shown(Uni<Card> card) {
        return card.map(found -> CardView.of(found, time.now()));
    }

    @POST
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    @Operation(operationId = "issueCard", summary = "Issue a card",
            description = "A holder issues a card to itself, in the name its identity provider verified (the token's "
                    + "verified_claims: {verification: {trust_framework}, claims: {name, id_number}}); the body's holder may be "
                    + "left out, and one that differs is a 403 real-name-mismatch. An admin (a service counter that has seen the "
                    + "ID card) issues one to the app user named by ownerSubject, with the holder in the body. "
                    + "The ID number is checked (18 characters, birth date, ISO 7064 MOD 11-2) and kept only as a keyed hash "
                    + "and a mask. The Idempotency-Key header is required: the same key and body answer the stored answer, "
                    + "the same key with another body 422, the same key while the first request runs 409.")
    @APIResponse(responseCode = "201", description = "The card", content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, ID number or Idempotency-Key")
    @APIResponse(responseCode = "403", description = "A holder without verified_claims (real-name-required), or a body holder "
            + "other than the verified person (real-name-mismatch)")
    @APIResponse(responseCode = "409", description = "The person already holds a live card of the product, or the key is in use")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with another body")
    public Uni<Response> issue(
            @Parameter(description = "Client-chosen key (1–100 printable ASCII characters) that makes retries safe", required = true)
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @NotNull(message = "a card request body is required") @Valid IssueCardRequest request) {
        Caller caller = Caller.of(token);
        String key = Idempotency.requireKey(idempotencyKey);
        String owner = ownerFor(caller, request);
        IssueCardRequest issued = withRealName(caller, request);
        return idempotency.once(caller.subject(), key, issued, ISSUE_PATH,
                () -> cards.issue(owner, issued.productCode(), issued.holder().name(), issued.holder().idNumber())
                        .map(card -> idempotency.answer(201, CardView.of(card, time.now()))));
    }

    private static String ownerFor(Caller caller, IssueCardRequest request) {
        if (caller.isAdmin()) {
            if (request.ownerSubject() == null) {
                throw ProblemException.invalidField("ownerSubject", "is required when the card authority issues a card");
            }
            return request.ownerSubject();
        }
        if (request.ownerSubject() != null && !request.ownerSubject().equals(caller.subject())) {
            throw ProblemException.invalidField("ownerSubject", "a holder can only issue cards to itself");
        }
        return caller.subject();
    }

    /**
     * The request with the holder the card is issued to. A service counter (admin) has seen the ID
     * card and names the holder in the body; an app user gets a card only in the name its identity
     * provider verified, so that nobody can take a stranger's identity or learn who holds a card.
     */
    private IssueCardRequest withRealName(Caller caller, IssueCardRequest request) {
        if (caller.isAdmin()) {
            if (request.holder() == null) {
                throw ProblemException.invalidField("holder", "is required when the card authority issues a card");
            }
            return request;
        }
        VerifiedPerson person = VerifiedPerson.of(token).orElseThrow(() -> new ProblemException(403, "real-name-required",
                "Real name required", "Cards are issued only to a person your identity provider verified; "
                + "this token carries no verified_claims.", null));
        IssueCardRequest.HolderRequest holder = request.holder();
        if (holder != null && !person.is(holder.name(), holder.idNumber())) {
            throw new ProblemException(403, "real-name-mismatch", "Real name mismatch",
                    "The holder differs from the person your identity provider verified; leave holder out to use it.", null);
        }
        return new IssueCardRequest(request.productCode(),
                new IssueCardRequest.HolderRequest(person.name(), person.idNumber()), request.ownerSubject());
    }

    @GET
    @RolesAllowed(Roles.HOLDER)
    @Operation(operationId = "listMyCards", summary = "List my cards", description = "The caller's own cards, oldest first; pages count from 0.")
    @APIResponse(responseCode = "200", description = "One page of cards")
    public Uni<PageResult<CardView>> listOwn(
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @Parameter(description = "Page size, 1 to 100") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        Instant now = time.now();
        return cards.listOwn(Caller.of(token), page, size).map(found -> found.map(card -> CardView.of(card, now)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Operation(operationId = "getCard", summary = "Get a card", description = "For its owner and the card authority; anyone else gets 404.")
    @APIResponse(responseCode = "200", description = "The card")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<CardView> get(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return shown(cards.findVisible(Caller.of(token), id));
    }

    @POST
    @Path("/{id}/suspend")
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "suspendCard", summary = "Suspend a card",
            description = "ISSUED or ACTIVE to SUSPENDED; gates learn it from the deny list. A holder suspends its own card (a lost "
                    + "phone, say; the body may be left out); the card authority gives a reason, may take over a holder's "
                    + "suspension, and only the authority lifts its own. A holder makes at most 6 suspensions, reinstatements and replacements of a card a day (429).")
    @APIResponse(responseCode = "200", description = "The suspended card")
    @APIResponse(responseCode = "400", description = "The card authority gave no reason")
    @APIResponse(responseCode = "429", description = "The holder changed this card too often today")
    @APIResponse(responseCode = "409", description = "Not allowed in the card's status")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<CardView> suspend(@Parameter(description = "Card id") @PathParam("id") UUID id,
                                 @RequestBody(required = false) @Valid SuspendRequest request) {
        return shown(cards.suspend(Caller.of(token), id, request == null ? null : request.reason()));
    }

    /** The same, sent without a JSON body (an app's bare POST, whatever content type its library sets). */
    @POST
    @Path("/{id}/suspend")
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Uni<CardView> suspendWithoutReason(@PathParam("id") UUID id) {
        return shown(cards.suspend(Caller.of(token), id, null));
    }

    @POST
    @Path("/{id}/reinstate")
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @Operation(operationId = "reinstateCard", summary = "Reinstate a card",
            description = "SUSPENDED back to ACTIVE (or ISSUED when never used), unless it expired meanwhile. A holder lifts only "
                    + "its own suspension (403 for one the card authority made).")
    @APIResponse(responseCode = "200", description = "The reinstated card")
    @APIResponse(responseCode = "403", description = "A holder lifting the card authority's suspension")
    @APIResponse(responseCode = "429", description = "The holder changed this card too often today")
    @APIResponse(responseCode = "409", description = "Not allowed in the card's status")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<CardView> reinstate(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return shown(cards.reinstate(Caller.of(token), id));
    }

    @POST
    @Path("/{id}/replace")
    @RolesAllowed({Roles.HOLDER, Roles.ADMIN})
    @ResponseStatus(201)
    @Operation(operationId = "replaceCard", summary = "Replace a card",
            description = "Issues a card with a new number that keeps the old one's activation, validity and visit history; "
                    + "the old card becomes REPLACED. A holder may not replace away the card authority's suspension (403).")
    @APIResponse(responseCode = "201", description = "The new card", content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "403", description = "A holder replacing a card the card authority suspended")
    @APIResponse(responseCode = "429", description = "The holder changed this card too often today")
    @APIResponse(responseCode = "409", description = "Not allowed in the card's status")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<CardView> replace(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return shown(cards.replace(Caller.of(token), id));
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "revokeCard", summary = "Revoke a card", description = "Card authority only: a live card becomes REVOKED for good.")
    @APIResponse(responseCode = "200", description = "The revoked card")
    @APIResponse(responseCode = "409", description = "Not allowed in the card's status")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<CardView> revoke(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return shown(cards.revoke(Caller.of(token), id));
    }

    @POST
    @Path("/{id}/passes")
    @RolesAllowed(Roles.HOLDER)
    @ResponseStatus(201)
    @Operation(operationId = "mintPass", summary = "Mint a pass", description = "The owner's app gets a signed pass for its QR code, valid at most 60 seconds.")
    @APIResponse(responseCode = "201", description = "The pass", content = @Content(schema = @Schema(implementation = PassView.class)))
    @APIResponse(responseCode = "409", description = "The card cannot be used (suspended, revoked, replaced or expired)")
    @APIResponse(responseCode = "404", description = "No such card visible to the caller")
    public Uni<PassView> mintPass(@Parameter(description = "Card id") @PathParam("id") UUID id) {
        return passes.mint(Caller.of(token), id).map(pass -> new PassView(pass.token(), pass.expiresAt()));
    }
}
