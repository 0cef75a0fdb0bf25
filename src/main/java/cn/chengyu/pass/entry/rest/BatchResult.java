package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.ScanResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** What became of each offline scan. */
@Schema(name = "EntryBatchResult", description = "One result per uploaded scan, in the order sent")
public record BatchResult(@Schema(description = "The results") List<Item> results) {

    public static BatchResult of(List<ScanResult> results) {
        return new BatchResult(results.stream().map(result -> new Item(result.entryId(), result.decision().name(),
                result.reason(), result.conflict())).toList());
    }

    /** One result. */
    @Schema(name = "EntryBatchResultItem", description = "The decision on one offline scan")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(
            @Schema(description = "The gate's entry id") UUID entryId,
            @Schema(description = "ADMITTED: the gate let the visitor in, and that stands") String decision,
            @Schema(nullable = true, description = "Always null for an offline admission") Reason reason,
            @Schema(nullable = true, description = "The reason the rules would deny this scan now (the admission stands and counts); null when none") Reason conflict) {
    }
}
