package cn.chengyu.pass.settlement;

import cn.chengyu.pass.site.Province;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What the sites of each province are owed for a month. */
@Schema(name = "Clearing", description = "The month's settlement by province: what Chongqing's and Sichuan's sites are owed")
public record Clearing(
        @Schema(description = "Month, YYYY-MM", example = "2026-10") String month,
        @Schema(description = "Every province-level division, each with its sites' totals") List<ProvinceTotal> provinces,
        @Schema(description = "Fen payable to all sites") long totalFen) {

    /** One province's totals. */
    @Schema(name = "ProvinceTotal", description = "A province's sites' totals for the month")
    public record ProvinceTotal(
            @Schema(description = "Province-level division") Province province,
            @Schema(description = "Sites with lines in the month") long sites,
            @Schema(description = "Admitted entries") long admissions,
            @Schema(description = "Fen payable, reversals included") long payableFen,
            @Schema(description = "Fen still disputed") long disputedFen) {
    }
}
