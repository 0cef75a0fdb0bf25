package cn.chengyu.pass.route;

import cn.chengyu.pass.web.LocalizedName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What an operator edits: everything of a route but its code. */
@Schema(name = "RouteContent", description = "A route's theme, names, description and ordered stops")
public record RouteContent(
        @Schema(description = "Theme", required = true) @NotNull Theme theme,
        @Schema(description = "Name in Chinese and English", required = true) @NotNull @Valid LocalizedName name,
        @Schema(description = "What the route offers", required = true) @NotNull @Size(max = 2000) String description,
        @Schema(description = "1 to 30 stops in visiting order; days start at 1 without gaps", required = true)
        @NotNull @Size(min = 1, max = 30) List<@NotNull @Valid Stop> stops) {

    /** One stop of a route. */
    @Schema(name = "RouteStop", description = "A site to visit on a day of the route")
    public record Stop(
            @Schema(description = "Site code", example = "lz-laojiao", required = true) @NotBlank @Size(max = 40) String siteCode,
            @Schema(description = "Day of the route, from 1", example = "2", required = true) @NotNull @Min(1) @Max(30) Integer day,
            @Schema(nullable = true, description = "Operator's note for visitors") @Size(max = 500) String note) {
    }
}
