package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.site.Province;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;

/** The settlement line of an admitted entry. */
@Schema(name = "SettlementLine", description = "What an admitted entry is worth to its site")
public record SettlementLine(
        @Schema(description = "The entry") String entryId,
        @Schema(description = "ADMISSION: the entry's own line; REVERSAL: the line taking a rejected dispute's amount back") Kind kind,
        @Schema(description = "Site code") String site,
        @Schema(description = "The site's province-level division") Province province,
        @Schema(description = "The entry's business day (Asia/Shanghai)") LocalDate businessDate,
        @Schema(description = "The month it is booked to, YYYY-MM") String month,
        @Schema(nullable = true, description = "The month of its business day when that month was closed before it arrived") String adjustmentOf,
        @Schema(nullable = true, description = "Product code; null when the card was unknown") String productCode,
        @Schema(nullable = true, description = "Category; null when the card was unknown") Category category,
        @Schema(description = "Fen") int amountFen,
        @Schema(description = "DISPUTED: an offline admission that broke a rule, until the card authority decides") Status status,
        @Schema(nullable = true, description = "The rule an offline admission broke: a scan reason code (SITE_FULL, ALREADY_ENTERED, …)")
        String conflict,
        @Schema(nullable = true, description = "The card authority's decision on a dispute") Resolution resolution) {

    public enum Kind { ADMISSION, REVERSAL }

    public enum Status { PAYABLE, DISPUTED }

    public enum Outcome { ACCEPT, REJECT }

    /** How a dispute was decided. */
    @Schema(name = "DisputeResolution", description = "The card authority's decision on a disputed line")
    public record Resolution(
            @Schema(description = "ACCEPT: payable; REJECT: a reversal line takes the amount back") Outcome outcome,
            @Schema(description = "Why") String note,
            @Schema(description = "Who decided") String decidedBy,
            @Schema(description = "When") Instant decidedAt) {
    }
}
