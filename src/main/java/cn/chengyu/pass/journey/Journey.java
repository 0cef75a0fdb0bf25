package cn.chengyu.pass.journey;

import cn.chengyu.pass.route.PublishedRoute;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A card's progress along one published version of a route: a stop is visited once the card's
 * lineage was admitted at its site (the first admission counts), and the journey is complete when
 * every stop is, at the moment the last of them was first visited.
 */
@Schema(name = "Journey", description = "A card's progress along a published route")
public record Journey(
        @Schema(description = "Route code", example = "liquor-culture") String route,
        @Schema(description = "The route's version this progress is measured on") int version,
        @Schema(description = "The route's stops in visiting order") List<Stop> stops,
        @Schema(description = "Stops visited") int visited,
        @Schema(description = "Stops in all") int total,
        @Schema(nullable = true, description = "When the last stop was first visited; null until every stop is") Instant completedAt) {

    /** One stop and when the card first visited it. */
    @Schema(name = "JourneyStop", description = "A stop of the route and when the card first visited it")
    public record Stop(
            @Schema(description = "Site code", example = "lz-laojiao") String siteCode,
            @Schema(description = "Day of the route, from 1") int day,
            @Schema(nullable = true, description = "The card's first admission at the site; null when not visited") Instant visitedAt) {
    }

    /** Progress along {@code route} given the first admission of the card's lineage at each site it visited. */
    public static Journey of(PublishedRoute route, Map<String, Instant> firstVisits) {
        List<Stop> stops = route.stops().stream()
                .map(stop -> new Stop(stop.siteCode(), stop.day(), firstVisits.get(stop.siteCode())))
                .toList();
        int visited = (int) stops.stream().filter(stop -> stop.visitedAt() != null).count();
        Instant completedAt = visited == stops.size()
                ? stops.stream().map(Stop::visitedAt).max(Comparator.naturalOrder()).orElse(null)
                : null;
        return new Journey(route.code(), route.version(), stops, visited, stops.size(), completedAt);
    }

    public boolean complete() {
        return completedAt != null;
    }

    /** The sites of the route, each once, in visiting order. */
    public List<String> sites() {
        return stops.stream().map(Stop::siteCode).distinct().toList();
    }

    /**
     * The journey along the newest of a route's published {@code versions} that the visits complete:
     * a new version (a stop added) does not take away a route completed on an older one.
     */
    public static Optional<Journey> latestCompleted(List<PublishedRoute> versions, Map<String, Instant> firstVisits) {
        return versions.stream()
                .sorted(Comparator.comparingInt(PublishedRoute::version).reversed())
                .map(version -> of(version, firstVisits))
                .filter(Journey::complete)
                .findFirst();
    }
}
