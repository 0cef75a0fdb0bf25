package cn.chengyu.pass.settlement;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.site.Province;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What a site is owed for a month: its lines summed by product and category. */
@Schema(name = "Statement", description = "A site's settlement for a month (Asia/Shanghai business days)")
public record Statement(
        @Schema(description = "Month, YYYY-MM", example = "2026-10") String month,
        @Schema(description = "Site code", example = "lz-laojiao") String site,
        @Schema(description = "The site's province-level division") Province province,
        @Schema(description = "CLOSED once the month is closed: it never changes again") PeriodStatus status,
        @Schema(description = "Lines booked to the month (admissions, reversals of rejected disputes, late adjustments)") long lines,
        @Schema(description = "By product and category, product code then category") List<ProductTotal> byProduct,
        @Schema(description = "Fen payable: PAYABLE lines, reversals included") long payableFen,
        @Schema(description = "Fen of lines still disputed") long disputedFen) {

    public enum PeriodStatus { OPEN, CLOSED }

    /** The lines of one product and category. */
    @Schema(name = "StatementRow", description = "A statement's lines of one product and category")
    public record ProductTotal(
            @Schema(nullable = true, description = "Product code; null for an offline admission whose card was unknown") String productCode,
            @Schema(nullable = true, description = "Category; null when the card was unknown") Category category,
            @Schema(description = "Admitted entries") long admissions,
            @Schema(description = "Fen payable: PAYABLE lines, net of reversals (a disputed line counts once accepted)") long amountFen,
            @Schema(description = "Fen of lines still disputed") long disputedFen) {
    }
}
