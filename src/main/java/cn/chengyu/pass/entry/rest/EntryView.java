package cn.chengyu.pass.entry.rest;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.ScanResult;
import cn.chengyu.pass.entry.ScannedCard;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** The decision on one scan. */
@Schema(name = "Entry", description = "The decision on one scan")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EntryView(
        @Schema(description = "The gate's entry id") UUID entryId,
        @Schema(description = "Site code") String site,
        @Schema(description = "ADMITTED or DENIED") String decision,
        @Schema(nullable = true, description = "Why the scan was denied; null when admitted") Reason reason,
        @Schema(nullable = true, description = "The card scanned; null when unknown") CardSummary card,
        @Schema(description = "When the service recorded the decision") Instant recordedAt) {

    public static EntryView of(ScanResult result) {
        ScannedCard card = result.card();
        return new EntryView(result.entryId(), result.site(), result.decision().name(), result.reason(),
                card == null ? null : new CardSummary(card.number(), card.productCode(), card.category()), result.recordedAt());
    }

    /** What a gate may show of the card. */
    @Schema(name = "EntryCard", description = "The card scanned")
    public record CardSummary(
            @Schema(description = "Card number") String number,
            @Schema(description = "Product code") String productCode,
            @Schema(description = "Fare category") Category category) {
    }
}
