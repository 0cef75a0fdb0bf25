package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.security.SiteToken;
import cn.chengyu.pass.settlement.Clearing;
import cn.chengyu.pass.settlement.ClosedPeriod;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.settlement.Statement;
import cn.chengyu.pass.settlement.service.SettlementService;
import cn.chengyu.pass.web.IsoDates;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.Paging;
import cn.chengyu.pass.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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

import java.util.UUID;

/** Statements, the clearing between provinces, disputes and month closes. */
@Path("/api/v1/settlement")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settlement")
public class SettlementResource {

    private final SettlementService settlement;
    private final JsonWebToken token;

    public SettlementResource(SettlementService settlement, JsonWebToken token) {
        this.settlement = settlement;
        this.token = token;
    }

    @GET
    @Path("/statements/{month}")
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER})
    @Produces({MediaType.APPLICATION_JSON, StatementCsv.MEDIA_TYPE})
    @Operation(operationId = "getStatement", summary = "A site's monthly statement",
            description = "What the site is owed for the month (business days, Asia/Shanghai): its lines by product and category, "
                    + "payable and disputed fen. `Accept: text/csv` gives the rows as RFC 4180 CSV with a header, amounts in "
                    + "fen and yuan. A CLOSED statement never changes. For the card authority and the site's partners.")
    @APIResponse(responseCode = "200", description = "The statement", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Statement.class)),
            @Content(mediaType = StatementCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING,
                    example = "month,site,province,productCode,category,admissions,amountFen,amountYuan,disputedFen\r\n"
                            + "2026-10,lz-laojiao,SICHUAN,ANNUAL,ADULT,2,3000,30.00,0\r\n"))})
    @APIResponse(responseCode = "400", description = "The month is not YYYY-MM, or no site is given")
    @APIResponse(responseCode = "403", description = "A partner of another site")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<Response> statement(
            @Parameter(description = "Month, YYYY-MM", example = "2026-10",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.MONTH_PATTERN)) @PathParam("month") String month,
            @Parameter(description = "Site code", example = "lz-laojiao", required = true) @QueryParam("site") String site,
            @Context HttpHeaders headers) {
        readable(site);
        boolean csv = headers.getAcceptableMediaTypes().stream().findFirst()
                .map(type -> type.isCompatible(MediaType.valueOf(StatementCsv.MEDIA_TYPE)) && !type.isWildcardType())
                .orElse(false);
        return settlement.statement(site, Months.parse(month)).map(statement -> csv
                ? Response.ok(StatementCsv.of(statement), StatementCsv.MEDIA_TYPE + "; charset=utf-8").build()
                : Response.ok(statement, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/statements/{month}/lines")
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER})
    @Operation(operationId = "listStatementLines", summary = "A statement's lines",
            description = "The lines booked to the site's month, by business day: one per admitted entry, and one per rejected "
                    + "dispute taking its amount back (REVERSAL); a line of a closed month's day booked later says which month it "
                    + "adjusts. For the card authority and the site's partners; the card authority may leave out the site for every "
                    + "site's lines (by site), and `status=DISPUTED` then lists what it still has to decide before the month can "
                    + "close. Pages of an open month may shift while lines are booked into it.")
    @APIResponse(responseCode = "200", description = "One page of lines")
    @APIResponse(responseCode = "400", description = "The month is not YYYY-MM, a partner gave no site, or the status is neither PAYABLE nor DISPUTED")
    @APIResponse(responseCode = "403", description = "A partner of another site")
    @APIResponse(responseCode = "404", description = "No such site")
    public Uni<PageResult<SettlementLine>> lines(
            @Parameter(description = "Month, YYYY-MM", example = "2026-10",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.MONTH_PATTERN)) @PathParam("month") String month,
            @Parameter(description = "Site code; the card authority may leave it out for every site", example = "lz-laojiao") @QueryParam("site") String site,
            @Parameter(description = "Only lines of this status", schema = @Schema(implementation = SettlementLine.Status.class))
            @QueryParam("status") @Pattern(regexp = "(PAYABLE|DISPUTED)?", message = "must be PAYABLE or DISPUTED") String status,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @Parameter(description = "Page size, 1 to 100") @QueryParam("size") @DefaultValue(Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        boolean everySite = (site == null || site.isBlank()) && Caller.of(token).isAdmin();
        if (!everySite) {
            readable(site);
        }
        return settlement.lines(everySite ? null : site, Months.parse(month),
                status == null || status.isEmpty() ? null : SettlementLine.Status.valueOf(status), page, size);
    }

    /** The site a statement is asked of: required, and for a partner its own (403 otherwise). */
    private void readable(String site) {
        if (site == null || site.isBlank()) {
            throw ProblemException.invalidField("site", "is required");
        }
        SiteToken.partnerOf(token, site);
    }

    @GET
    @Path("/clearing/{month}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getClearing", summary = "The clearing between provinces",
            description = "Admin only. For each province-level division, what its sites are owed for the month.")
    @APIResponse(responseCode = "200", description = "The clearing")
    @APIResponse(responseCode = "400", description = "The month is not YYYY-MM")
    public Uni<Clearing> clearing(@Parameter(description = "Month, YYYY-MM", example = "2026-10",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.MONTH_PATTERN)) @PathParam("month") String month) {
        return settlement.clearing(Months.parse(month));
    }

    @POST
    @Path("/lines/{entryId}/resolve")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resolveDispute", summary = "Decide a disputed line",
            description = "Admin only. An offline admission that broke a rule is DISPUTED until decided: ACCEPT makes it payable, "
                    + "REJECT books a reversal line that takes its amount back. Lines are never edited in amount nor deleted.")
    @APIResponse(responseCode = "200", description = "The line, decided")
    @APIResponse(responseCode = "400", description = "The body is invalid")
    @APIResponse(responseCode = "404", description = "No settlement line of that entry")
    @APIResponse(responseCode = "409", description = "The line is not disputed (payable, or decided already)")
    public Uni<SettlementLine> resolve(@Parameter(description = "Entry id") @PathParam("entryId") UUID entryId,
                                       @NotNull(message = "a decision body is required") @Valid ResolveRequest body) {
        return settlement.resolve(entryId, body.outcome(), body.note(), token.getSubject());
    }

    @POST
    @Path("/periods/{month}/close")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "closePeriod", summary = "Close a month",
            description = "Admin only. A month with no disputed line left closes for good, from the 2nd of the next month "
                    + "(Asia/Shanghai): its statements never "
                    + "change again, and an entry recorded later for one of its days is booked to the next open month as an "
                    + "adjustment of it.")
    @APIResponse(responseCode = "200", description = "The month, closed")
    @APIResponse(responseCode = "400", description = "The month is not YYYY-MM")
    @APIResponse(responseCode = "409", description = "The month closes from the 2nd of the next, has disputed lines, or is closed already")
    @APIResponse(responseCode = "503", description = "Lines were still being booked into the month after 5 seconds; nothing was closed")
    public Uni<ClosedPeriod> close(@Parameter(description = "Month, YYYY-MM", example = "2026-10",
                    schema = @Schema(type = SchemaType.STRING, pattern = IsoDates.MONTH_PATTERN)) @PathParam("month") String month) {
        return settlement.close(Months.parse(month), token.getSubject());
    }
}
