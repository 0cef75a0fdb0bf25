package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.web.Codes;
import cn.chengyu.pass.web.LocalizedName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A new route: its code and its first draft. */
@Schema(name = "CreateRouteRequest", description = "A new route's code and first draft")
public record CreateRouteRequest(
        @Schema(description = "Route code: lower-case words joined by '-'", example = "tea-horse-road", required = true)
        @NotNull @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) @Size(max = 60)
        String code,
        @Schema(description = "Theme", required = true) @NotNull Theme theme,
        @Schema(description = "Name in Chinese and English", required = true) @NotNull @Valid LocalizedName name,
        @Schema(description = "What the route offers", required = true) @NotNull @Size(max = 2000) String description,
        @Schema(description = "1 to 30 stops in visiting order; days start at 1 without gaps", required = true)
        @NotNull @Size(min = 1, max = 30) List<RouteContent.@NotNull @Valid Stop> stops) {

    public RouteContent content() {
        return new RouteContent(theme, name, description, stops);
    }
}
