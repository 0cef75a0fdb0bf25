package cn.chengyu.pass.settlement.rest;

import cn.chengyu.pass.card.Category;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** A tariff version's rates. */
@Schema(name = "TariffRequest", description = "Fen per admitted entry by product code, then category; each product named gives "
        + "ADULT, SENIOR and MINOR. A product left out is paid 0 from this version on.")
public record TariffRequest(
        @Schema(required = true, description = "Fen per admitted entry (0 to 100,000,000) by product code, then category", example = "{\"ANNUAL\":{\"ADULT\":1500,\"SENIOR\":800,\"MINOR\":800},"
                + "\"PASS_72H\":{\"ADULT\":2000,\"SENIOR\":1000,\"MINOR\":1000}}")
        @NotNull @Size(min = 1, max = 20)
        Map<@NotNull @Size(min = 1, max = 40) String, @NotNull Map<@NotNull Category, @NotNull @Min(0) @Max(100_000_000) Integer>> rates) {
}
