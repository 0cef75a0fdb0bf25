package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.settlement.SettlementLine;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The card authority's decision on a disputed line. */
@Schema(name = "ResolveRequest", description = "ACCEPT pays the disputed admission; REJECT books a reversal line")
public record ResolveRequest(
        @Schema(required = true, description = "ACCEPT: the admission is paid; REJECT: a reversal line takes its amount back")
        @NotNull SettlementLine.Outcome outcome,
        @Schema(required = true, description = "Why, for the site and the auditors", example = "Gate clock was off; visit confirmed")
        @NotBlank @Size(max = 500) String note) {
}
