package cn.chengyu.pass.route.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An itinerary as a schema.org TouristTrip (JSON-LD) with an ItemList of its stops. */
public final class TouristTrip {

    public static final String MEDIA_TYPE = "application/ld+json";

    private TouristTrip() {
    }

    public static Map<String, Object> of(ItineraryView itinerary) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ItineraryView.Day day : itinerary.days()) {
            for (ItineraryView.Visit visit : day.stops()) {
                ItineraryView.Place site = visit.site();
                Map<String, Object> attraction = new LinkedHashMap<>();
                attraction.put("@type", "TouristAttraction");
                attraction.put("identifier", site.code());
                attraction.put("name", site.name().en());
                attraction.put("alternateName", site.name().zh());
                attraction.put("geo", Map.of("@type", "GeoCoordinates",
                        "latitude", site.location().lat(), "longitude", site.location().lon()));
                attraction.put("address", Map.of("@type", "PostalAddress",
                        "addressLocality", site.city(), "addressRegion", site.province().name(), "addressCountry", "CN"));
                attraction.put("openingHours", "Mo-Su " + site.openingHours().opens() + "-" + site.openingHours().closes());
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("@type", "ListItem");
                item.put("position", items.size() + 1);
                item.put("name", "Day " + day.day());
                if (visit.note() != null) {
                    item.put("description", visit.note());
                }
                item.put("item", attraction);
                items.add(item);
            }
        }
        Map<String, Object> trip = new LinkedHashMap<>();
        trip.put("@context", "https://schema.org");
        trip.put("@type", "TouristTrip");
        trip.put("identifier", itinerary.code());
        trip.put("name", itinerary.name().en());
        trip.put("alternateName", itinerary.name().zh());
        trip.put("description", itinerary.description());
        trip.put("touristType", itinerary.theme().name());
        trip.put("version", itinerary.version());
        trip.put("itinerary", Map.of("@type", "ItemList", "numberOfItems", items.size(), "itemListElement", items));
        return trip;
    }
}
