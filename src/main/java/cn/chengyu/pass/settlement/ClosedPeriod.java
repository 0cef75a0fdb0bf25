package cn.chengyu.pass.settlement;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A month closed for good. */
@Schema(name = "ClosedPeriod", description = "A settlement month closed for good")
public record ClosedPeriod(
        @Schema(description = "Month, YYYY-MM", example = "2026-10") String month,
        @Schema(description = "Always CLOSED") Statement.PeriodStatus status,
        @Schema(description = "When it was closed") Instant closedAt,
        @Schema(description = "Lines booked to it, all sites: what its statements hold for good") long lines,
        @Schema(description = "Fen payable for it, all sites") long payableFen) {
}
