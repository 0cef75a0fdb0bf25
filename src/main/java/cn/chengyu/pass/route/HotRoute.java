package cn.chengyu.pass.route;

import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A published route and how often its itinerary was read. */
@Schema(name = "HotRoute", description = "A published route ranked by itinerary views")
public record HotRoute(
        @Schema(description = "Route code") String code,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "Theme") Theme theme,
        @Schema(description = "Itinerary views counted") long views) {
}
