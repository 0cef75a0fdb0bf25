package cn.chengyu.pass.route.repository;

import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.route.rest.ItineraryView;
import cn.chengyu.pass.route.rest.RouteContent;
import cn.chengyu.pass.route.rest.RouteView;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.rest.SiteView;
import cn.chengyu.pass.web.LocalizedName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Public reads of published routes, each in one statement (no query per stop or per site). */
@ApplicationScoped
public class PublishedRouteRepository {

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");
    private static final String PUBLISHED = """
            SELECT r.code, v.version, v.theme, v.name_zh, v.name_en, v.description, v.published_at,
                   s.site_code, s.day, s.note,
                   t.name_zh AS site_zh, t.name_en AS site_en, t.city, t.province, t.latitude, t.longitude, t.opens, t.closes
            FROM route r
            JOIN route_version v ON v.route_code = r.code AND v.version = r.published_version
            JOIN route_stop s ON s.route_code = v.route_code AND s.version = v.version
            JOIN site t ON t.code = s.site_code
            WHERE r.status = 'PUBLISHED'
            """;

    private final Pool pool;

    public PublishedRouteRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<RouteView>> list(Theme theme) {
        Uni<RowSet<Row>> rows = theme == null
                ? pool.preparedQuery(PUBLISHED + " ORDER BY r.code, s.position").execute()
                : pool.preparedQuery(PUBLISHED + " AND v.theme = $1 ORDER BY r.code, s.position").execute(Tuple.of(theme.name()));
        return rows.map(PublishedRouteRepository::routes);
    }

    public Uni<RouteView> find(String code) {
        return pool.preparedQuery(PUBLISHED + " AND r.code = $1 ORDER BY s.position").execute(Tuple.of(code))
                .map(rows -> routes(rows).stream().findFirst().orElse(null));
    }

    public Uni<ItineraryView> itinerary(String code) {
        return pool.preparedQuery(PUBLISHED + " AND r.code = $1 ORDER BY s.position").execute(Tuple.of(code))
                .map(PublishedRouteRepository::itinerary);
    }

    private static List<RouteView> routes(RowSet<Row> rows) {
        Map<String, List<Row>> byRoute = new LinkedHashMap<>();
        for (Row row : rows) {
            byRoute.computeIfAbsent(row.getString("code"), code -> new ArrayList<>()).add(row);
        }
        List<RouteView> routes = new ArrayList<>();
        byRoute.forEach((code, stops) -> {
            Row first = stops.get(0);
            routes.add(new RouteView(code, first.getInteger("version"), Theme.valueOf(first.getString("theme")),
                    new LocalizedName(first.getString("name_zh"), first.getString("name_en")), first.getString("description"),
                    stops.stream().map(row -> new RouteContent.Stop(row.getString("site_code"), row.getInteger("day"),
                            row.getString("note"))).toList(),
                    first.getOffsetDateTime("published_at").toInstant()));
        });
        return routes;
    }

    private static ItineraryView itinerary(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Map<Integer, List<ItineraryView.Visit>> days = new LinkedHashMap<>();
        Row first = null;
        for (Row row : rows) {
            first = first == null ? row : first;
            ItineraryView.Place place = new ItineraryView.Place(row.getString("site_code"),
                    new LocalizedName(row.getString("site_zh"), row.getString("site_en")), row.getString("city"),
                    Province.valueOf(row.getString("province")),
                    new SiteView.GeoPoint(row.getDouble("latitude"), row.getDouble("longitude")),
                    new SiteView.OpeningHours(HOURS.format(row.getLocalTime("opens")), HOURS.format(row.getLocalTime("closes"))));
            days.computeIfAbsent(row.getInteger("day"), day -> new ArrayList<>()).add(new ItineraryView.Visit(place, row.getString("note")));
        }
        List<ItineraryView.Day> grouped = new ArrayList<>();
        days.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(day -> grouped.add(new ItineraryView.Day(day.getKey(), day.getValue())));
        return new ItineraryView(first.getString("code"), first.getInteger("version"), Theme.valueOf(first.getString("theme")),
                new LocalizedName(first.getString("name_zh"), first.getString("name_en")), first.getString("description"), grouped);
    }
}
