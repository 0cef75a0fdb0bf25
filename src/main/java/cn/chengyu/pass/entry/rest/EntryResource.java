package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.GateScan;
import cn.chengyu.pass.entry.service.AdmissionService;
import cn.chengyu.pass.security.SiteToken;
import cn.chengyu.pass.security.Roles;
import cn.chengyu.pass.web.Fingerprint;
import cn.chengyu.pass.web.OpenApiContract;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** Where a gate scan is decided: entries at a site, one by one or uploaded after an outage. */
@Path("/api/v1/sites/{code}/entries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Gates")
public class EntryResource {

    private final AdmissionService admissions;
    private final JsonWebToken token;
    private final ObjectMapper json;

    public EntryResource(AdmissionService admissions, JsonWebToken token, ObjectMapper json) {
        this.admissions = admissions;
        this.token = token;
        this.json = json;
    }

    @POST
    @RolesAllowed(Roles.GATE)
    @ResponseStatus(201)
    @Operation(operationId = "recordEntry", summary = "Record a scan",
            description = "A gate of this site scans a pass or a card number. The decision, ADMITTED or DENIED with a reason, "
                    + "is recorded either way. The first admitted entry activates the card. A retry with the same entryId and "
                    + "body answers exactly what the first answered; another body is a 422. The first is looked for in the month "
                    + "of the retry's business day, and for a scan sent without scannedAt also up to seven days back.")
    @APIResponse(responseCode = "201", description = "The decision", content = @Content(schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "400", description = "Malformed scan (both or neither of pass and cardNumber, a bad check digit, a scan time out of range)")
    @APIResponse(responseCode = "403", description = "The gate stands at another site")
    @APIResponse(responseCode = "422", description = "The entryId was recorded with another body")
    @APIResponse(responseCode = "429", description = "A card-number scan from a gate that scanned too many unknown card numbers "
            + "in the current window; Retry-After says when the window ends. Pass scans are not limited.")
    @APIResponse(responseCode = "404", description = "No such site")
    @APIResponse(responseCode = "503", description = "What the scan is judged on kept changing under other requests, or its month could "
            + "not be prepared: nothing was recorded; send it again after Retry-After")
    public Uni<EntryView> scan(@Parameter(description = "Site code") @PathParam("code") String code,
                               @NotNull(message = "a scan body is required") @Valid ScanRequest scan) {
        return admissions.admit(gateOf(code), code, new GateScan(scan.entryId(), scan.pass(), scan.cardNumber(),
                scan.scannedAt(), Fingerprint.of(json, code, scan))).map(EntryView::of);
    }

    /**
     * On a worker thread: reading, checking and fingerprinting up to 500 items is bulk work that
     * must not hold up the event loop that answers the gates scanning online meanwhile.
     */
    @POST
    @Path("/batch")
    @Blocking
    @RolesAllowed(Roles.GATE)
    @Operation(operationId = "recordOfflineEntries", summary = "Upload offline scans",
            description = "Up to 500 scans a gate admitted while offline, each judged at its scannedAt (at most 7 days old), "
                    + "in scannedAt order: a card's earlier scan is seen by its later ones whatever order they are sent in. "
                    + "An admission the rules would now deny stands, with conflict set to the reason, and counts against capacity. "
                    + "A malformed item rejects the whole batch with a 400 naming it; replaying a batch answers identical results.")
    @APIResponse(responseCode = "200", description = "One result per scan, in the order sent")
    @APIResponse(responseCode = "400", description = "A malformed item, or more than 500")
    @APIResponse(responseCode = "403", description = "The gate stands at another site")
    @APIResponse(responseCode = "429", description = "The batch has card-number scans and this gate scanned too many unknown "
            + "card numbers in the current window; upload it again after Retry-After. Unknown numbers in a batch count too.")
    @APIResponse(responseCode = "404", description = "No such site")
    @APIResponse(responseCode = "503", description = "Other batches of the site held it longer than 2 s, or what the batch writes was "
            + "held by other requests each time it tried: nothing was recorded; upload it again after Retry-After")
    public Uni<BatchResult> batch(@Parameter(description = "Site code") @PathParam("code") String code,
                                  @NotNull(message = "a batch body is required") @Valid BatchRequest batch) {
        String gate = gateOf(code);
        List<GateScan> scans = batch.entries().stream().map(item -> new GateScan(item.entryId(), item.pass(),
                item.cardNumber(), item.scannedAt(), Fingerprint.of(json, code, item))).toList();
        return admissions.admitOffline(gate, code, scans).map(BatchResult::of);
    }

    private String gateOf(String site) {
        return SiteToken.gateAt(token, site);
    }
}
