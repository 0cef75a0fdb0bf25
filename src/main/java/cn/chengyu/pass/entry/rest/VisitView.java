package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.Entry;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One entry in a card's visit history. */
@Schema(name = "Visit", description = "One scan of the card at a gate, admitted or denied")
public record VisitView(
        @Schema(description = "Entry id made by the gate") UUID entryId,
        @Schema(description = "Site code", example = "cd-kuanzhai") String site,
        @Schema(description = "ADMITTED or DENIED") String decision,
        @Schema(nullable = true, description = "Why a scan was denied; null when admitted") String reason,
        @Schema(nullable = true, description = "For an offline admission the rules would now deny: the reason they would") String conflict,
        @Schema(description = "When the gate scanned the card") Instant scannedAt,
        @Schema(description = "When the service recorded the entry") Instant recordedAt) {

    public static VisitView of(Entry entry) {
        return new VisitView(entry.entryId(), entry.site(), entry.decision(), entry.reason(), entry.conflict(),
                entry.scannedAt(), entry.recordedAt());
    }
}
