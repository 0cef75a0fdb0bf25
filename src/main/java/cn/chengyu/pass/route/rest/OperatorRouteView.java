package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.Route;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.RouteStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A route as its operator sees it: status, live version and the draft being edited. */
@Schema(name = "OperatorRoute", description = "A route with its draft, as its operator sees it")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OperatorRouteView(
        @Schema(description = "Route code") String code,
        @Schema(description = "DRAFT until first published, then PUBLISHED or RETIRED") RouteStatus status,
        @Schema(nullable = true, description = "The live version; null before the first publish") Integer publishedVersion,
        @Schema(description = "The next version, as edited") RouteContent draft) {

    public static OperatorRouteView of(Route route) {
        return new OperatorRouteView(route.code, route.status, route.publishedVersion, route.draft);
    }
}
