package cn.chengyu.pass.route;

import cn.chengyu.pass.site.GeoPoint;
import cn.chengyu.pass.site.OpeningHours;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.web.LocalizedName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A published route laid out day by day, with what a visitor needs of each site. */
@Schema(name = "Itinerary", description = "A published route's stops grouped by day, with each site's details")
public record Itinerary(
        @Schema(description = "Route code") String code,
        @Schema(description = "Published version") int version,
        @Schema(description = "Theme") Theme theme,
        @Schema(description = "Name in Chinese and English") LocalizedName name,
        @Schema(description = "What the route offers") String description,
        @Schema(description = "The days, from day 1") List<Day> days) {

    /** The route's stops grouped by day, each with its site from {@code sites} (by code). */
    public static Itinerary of(PublishedRoute route, Map<String, Site> sites) {
        Map<Integer, List<Visit>> days = new TreeMap<>();
        for (RouteContent.Stop stop : route.stops()) {
            days.computeIfAbsent(stop.day(), day -> new ArrayList<>())
                    .add(new Visit(Place.of(sites.get(stop.siteCode())), stop.note()));
        }
        return new Itinerary(route.code(), route.version(), route.theme(), route.name(), route.description(),
                days.entrySet().stream().map(day -> new Day(day.getKey(), day.getValue())).toList());
    }

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
                        @Schema(description = "Location") GeoPoint location,
                        @Schema(description = "Opening hours, Asia/Shanghai") OpeningHours openingHours) {

        static Place of(Site site) {
            return new Place(site.code, new LocalizedName(site.nameZh, site.nameEn), site.city, site.province,
                    new GeoPoint(site.latitude, site.longitude), OpeningHours.of(site.opens, site.closes));
        }
    }
}
