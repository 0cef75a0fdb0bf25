package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.rest.SiteView;
import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A published route laid out day by day, with what a visitor needs of each site. */
@Schema(name = "Itinerary", description = "A published route's stops grouped by day, with each site's details")
public record ItineraryView(
        @Schema(description = "Route code") String code,
        @Schema(description = "Published version") int version,
        @Schema(description = "Theme") Theme theme,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "What the route offers") String description,
        @Schema(description = "The days, from day 1") List<Day> days) {

    /** One day of the route. */
    @Schema(name = "ItineraryDay", description = "The stops of one day")
    public record Day(@Schema(description = "Day number, from 1") int day,
                      @Schema(description = "Stops in visiting order") List<Visit> stops) {
    }

    /** One stop. */
    @Schema(name = "ItineraryStop", description = "A site to visit and the operator's note")
    public record Visit(@Schema(description = "The site") Place site,
                        @Schema(nullable = true, description = "Operator's note; null when none") String note) {
    }

    /** What an itinerary shows of a site. */
    @Schema(name = "ItinerarySite", description = "A site's names, city, location and opening hours")
    public record Place(@Schema(description = "Site code") String code,
                        @Schema(description = "Name in Chinese and English") LocalizedName name,
                        @Schema(description = "City") String city,
                        @Schema(description = "Province-level division") Province province,
                        @Schema(description = "Location") SiteView.GeoPoint location,
                        @Schema(description = "Opening hours, Asia/Shanghai") SiteView.OpeningHours openingHours) {
    }
}
