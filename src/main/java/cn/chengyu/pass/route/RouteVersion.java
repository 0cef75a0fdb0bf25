package cn.chengyu.pass.route;

import cn.chengyu.pass.web.LocalizedName;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.ListIndexBase;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A published version of a route: immutable once written, with its stops in visiting order. */
@Entity
@Table(name = "route_version")
@IdClass(RouteVersion.Key.class)
public class RouteVersion {

    @Id
    public String routeCode;

    @Id
    public int version;

    @Enumerated(EnumType.STRING)
    public Theme theme;

    public String nameZh;
    public String nameEn;
    public String description;
    public Instant publishedAt;

    @ElementCollection
    @CollectionTable(name = "route_stop", joinColumns = {
            @JoinColumn(name = "route_code"), @JoinColumn(name = "version")})
    @OrderColumn(name = "position")
    @ListIndexBase(1)
    public List<Stop> stops;

    /** A stop as a version keeps it, in {@code route_stop}. */
    @Embeddable
    public record Stop(String siteCode, int day, String note) {
    }

    public static RouteVersion of(String code, int version, RouteContent content, Instant publishedAt) {
        RouteVersion published = new RouteVersion();
        published.routeCode = code;
        published.version = version;
        published.theme = content.theme();
        published.nameZh = content.name().zh();
        published.nameEn = content.name().en();
        published.description = content.description();
        published.publishedAt = publishedAt;
        published.stops = content.stops().stream().map(stop -> new Stop(stop.siteCode(), stop.day(), stop.note())).toList();
        return published;
    }

    public PublishedRoute toPublished() {
        return new PublishedRoute(routeCode, version, theme, new LocalizedName(nameZh, nameEn), description,
                stops.stream().map(stop -> new RouteContent.Stop(stop.siteCode(), stop.day(), stop.note())).toList(), publishedAt);
    }

    /** The key of a version: its route and number. */
    public static class Key implements Serializable {
        public String routeCode;
        public int version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.version == version && Objects.equals(key.routeCode, routeCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(routeCode, version);
        }
    }
}
