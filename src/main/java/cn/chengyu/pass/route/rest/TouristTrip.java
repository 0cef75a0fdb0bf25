package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.Itinerary;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;

/** An itinerary as a schema.org TouristTrip (JSON-LD) with an ItemList of its stops. */
@Schema(name = "TouristTrip", description = "A published route as a schema.org TouristTrip (JSON-LD)")
public record TouristTrip(
        @JsonProperty("@context") @Schema(description = "Always https://schema.org") String context,
        @JsonProperty("@type") @Schema(description = "Always TouristTrip") String type,
        @Schema(description = "Route code") String identifier,
        @Schema(description = "English name") String name,
        @Schema(description = "Chinese name") String alternateName,
        @Schema(description = "What the route offers", nullable = true) String description,
        @Schema(description = "The route's theme") String touristType,
        @Schema(description = "Published version") int version,
        @Schema(description = "The stops in visiting order") ItemList itinerary) {

    public static final String MEDIA_TYPE = "application/ld+json";

    /** The stops, numbered from 1. */
    @Schema(name = "TouristTripItemList", description = "A schema.org ItemList of the stops")
    public record ItemList(
            @JsonProperty("@type") @Schema(description = "Always ItemList") String type,
            @Schema(description = "How many stops") int numberOfItems,
            @Schema(description = "The stops") List<ListItem> itemListElement) {
    }

    /** One stop: its day and its site. */
    @Schema(name = "TouristTripListItem", description = "A schema.org ListItem: one stop")
    public record ListItem(
            @JsonProperty("@type") @Schema(description = "Always ListItem") String type,
            @Schema(description = "Position in visiting order, from 1") int position,
            @Schema(description = "The day, as \"Day 2\"") String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The operator's note; absent when none") String description,
            @Schema(description = "The site") Attraction item) {
    }

    /** A site as a schema.org TouristAttraction. */
    @Schema(name = "TouristTripAttraction", description = "A schema.org TouristAttraction")
    public record Attraction(
            @JsonProperty("@type") @Schema(description = "Always TouristAttraction") String type,
            @Schema(description = "Site code") String identifier,
            @Schema(description = "English name") String name,
            @Schema(description = "Chinese name") String alternateName,
            @Schema(description = "Where it is") Geo geo,
            @Schema(description = "Its city and province") Address address,
            @Schema(description = "Opening hours, as \"Mo-Su 08:30-17:30\"") String openingHours) {
    }

    /** schema.org GeoCoordinates. */
    @Schema(name = "TouristTripGeo", description = "schema.org GeoCoordinates")
    public record Geo(@JsonProperty("@type") @Schema(description = "Always GeoCoordinates") String type,
                      @Schema(description = "Latitude") double latitude,
                      @Schema(description = "Longitude") double longitude) {
    }

    /** schema.org PostalAddress. */
    @Schema(name = "TouristTripAddress", description = "schema.org PostalAddress")
    public record Address(@JsonProperty("@type") @Schema(description = "Always PostalAddress") String type,
                          @Schema(description = "City") String addressLocality,
                          @Schema(description = "Province-level division") String addressRegion,
                          @Schema(description = "Always CN") String addressCountry) {
    }

    public static TouristTrip of(Itinerary itinerary) {
        List<ListItem> items = new ArrayList<>();
        for (Itinerary.Day day : itinerary.days()) {
            for (Itinerary.Visit visit : day.stops()) {
                Itinerary.Place site = visit.site();
                Attraction attraction = new Attraction("TouristAttraction", site.code(), site.name().en(), site.name().zh(),
                        new Geo("GeoCoordinates", site.location().lat(), site.location().lon()),
                        new Address("PostalAddress", site.city(), site.province().name(), "CN"),
                        "Mo-Su " + site.openingHours().opens() + "-" + site.openingHours().closes());
                items.add(new ListItem("ListItem", items.size() + 1, "Day " + day.day(), visit.note(), attraction));
            }
        }
        return new TouristTrip("https://schema.org", "TouristTrip", itinerary.code(), itinerary.name().en(),
                itinerary.name().zh(), itinerary.description(), itinerary.theme().name(), itinerary.version(),
                new ItemList("ItemList", items.size(), items));
    }
}
