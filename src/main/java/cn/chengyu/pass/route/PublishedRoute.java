package cn.chengyu.pass.route;

import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A published version of a route. */
@Schema(name = "Route", description = "The published version of a route")
public record PublishedRoute(
        @Schema(description = "Route code", example = "liquor-culture") String code,
        @Schema(description = "Version number; each publish makes a new one") int version,
        @Schema(description = "Theme") Theme theme,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "What the route offers") String description,
        @Schema(description = "Stops in visiting order") List<RouteContent.Stop> stops,
        @Schema(description = "When this version was published") Instant publishedAt) {
}
