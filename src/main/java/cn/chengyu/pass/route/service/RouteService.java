package cn.chengyu.pass.route.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.route.HotRoute;
import cn.chengyu.pass.route.Itinerary;
import cn.chengyu.pass.route.PublishedRoute;
import cn.chengyu.pass.route.Route;
import cn.chengyu.pass.route.RouteContent;
import cn.chengyu.pass.route.RouteStatus;
import cn.chengyu.pass.route.RouteVersion;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.route.cache.ItineraryCache;
import cn.chengyu.pass.route.cache.ViewRanking;
import cn.chengyu.pass.route.repository.PublishedRouteRepository;
import cn.chengyu.pass.route.repository.RouteRepository;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.Problem;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Operators draft, publish and retire routes; everyone reads what is published. */
@ApplicationScoped
public class RouteService {

    private final RouteRepository routes;
    private final PublishedRouteRepository published;
    private final SiteService sites;
    private final ItineraryCache cache;
    private final ViewRanking ranking;
    private final BusinessTime time;

    public RouteService(RouteRepository routes, PublishedRouteRepository published, SiteService sites, ItineraryCache cache,
                        ViewRanking ranking, BusinessTime time) {
        this.routes = routes;
        this.published = published;
        this.sites = sites;
        this.cache = cache;
        this.ranking = ranking;
        this.time = time;
    }

    public Uni<List<PublishedRoute>> listPublished(Theme theme) {
        return published.live(theme).map(live -> live.stream().map(RouteVersion::toPublished).toList());
    }

    public Uni<PublishedRoute> findPublished(String code) {
        return published.live(code).onItem().ifNull().failWith(() -> notFound(code)).map(RouteVersion::toPublished);
    }

    /** Every version a published route has had, newest first; 404 when it is not published now. */
    public Uni<List<PublishedRoute>> publishedVersions(String code) {
        return findPublished(code).chain(() -> published.versions(code))
                .map(versions -> versions.stream().map(RouteVersion::toPublished).toList());
    }

    /** The itinerary if this replica holds it ready (see {@link ItineraryCache#ready}), counted as a view; else null. */
    public CachedItinerary readyItinerary(String code) {
        CachedItinerary ready = cache.ready(code);
        if (ready != null) {
            ready.viewed();
        }
        return ready;
    }

    /** From the cache; counts the view for the hot ranking. */
    public Uni<CachedItinerary> itinerary(String code) {
        return cache.get(code, () -> loadItinerary(code))
                .onItem().ifNull().failWith(() -> notFound(code))
                .invoke(CachedItinerary::viewed);
    }

    /** The live version and its sites, in two queries; null when the route is not published. */
    private Uni<Itinerary> loadItinerary(String code) {
        return published.live(code).flatMap(version -> {
            if (version == null) {
                return Uni.createFrom().nullItem();
            }
            PublishedRoute route = version.toPublished();
            return sites.byCodes(route.stops().stream().map(RouteContent.Stop::siteCode).distinct().toList())
                    .map(found -> Itinerary.of(route, found));
        });
    }

    /** The most viewed published routes; empty while Redis is away. */
    public Uni<List<HotRoute>> hot(int limit) {
        return ranking.top(limit).flatMap(ranked -> listPublished(null).map(live -> {
            Map<String, PublishedRoute> byCode = new HashMap<>();
            live.forEach(route -> byCode.put(route.code(), route));
            return ranked.stream().filter(entry -> byCode.containsKey(entry.value()))
                    .map(entry -> {
                        PublishedRoute route = byCode.get(entry.value());
                        return new HotRoute(route.code(), route.name(), route.theme(), (long) entry.score());
                    })
                    .toList();
        }));
    }

    @WithTransaction
    public Uni<Route> create(Caller operator, String code, RouteContent content) {
        return checkSites(content).flatMap(valid -> routes.findById(code)).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("A route with code '" + code + "' exists."));
            }
            Route route = new Route();
            route.code = code;
            route.ownerSubject = operator.subject();
            route.status = RouteStatus.DRAFT;
            route.draft = content;
            route.createdAt = time.now();
            route.updatedAt = route.createdAt;
            return routes.persist(route);
        });
    }

    @WithTransaction
    public Uni<Route> editDraft(Caller operator, String code, RouteContent content) {
        return owned(operator, routes.findById(code), code).flatMap(route -> checkSites(content).map(valid -> {
            route.draft = content;
            route.updatedAt = time.now();
            return route;
        }));
    }

    /**
     * Makes the draft the next immutable version and the live one; cached itineraries are dropped
     * once it commits (hence the transaction in code rather than {@code @WithTransaction}).
     */
    public Uni<PublishedRoute> publish(Caller operator, String code) {
        return Panache.withTransaction(() -> owned(operator, routes.findForUpdate(code), code).flatMap(route -> {
            RouteContent content = route.draft;
            Instant now = time.now();
            return checkSites(content)
                    .flatMap(valid -> published.nextVersion(code))
                    .flatMap(version -> published.persist(RouteVersion.of(code, version, content, now)))
                    .map(version -> {
                        route.status = RouteStatus.PUBLISHED;
                        route.publishedVersion = version.version;
                        route.updatedAt = now;
                        return version.toPublished();
                    });
        })).call(cache::invalidateAll);
    }

    /** Withdraws a published route from public reads; its versions stay. */
    public Uni<Route> retire(Caller operator, String code) {
        return Panache.withTransaction(() -> owned(operator, routes.findById(code), code).map(route -> {
            if (route.status != RouteStatus.PUBLISHED) {
                throw ProblemException.conflict("Only a published route can be retired; this one is " + route.status + ".");
            }
            route.status = RouteStatus.RETIRED;
            route.updatedAt = time.now();
            return route;
        })).call(cache::invalidateAll).call(() -> ranking.forget(code));
    }

    private Uni<Route> owned(Caller operator, Uni<Route> found, String code) {
        return found.onItem().ifNull().failWith(() -> notFound(code)).map(route -> {
            if (!route.ownerSubject.equals(operator.subject())) {
                throw new ProblemException(403, "forbidden", "Forbidden", "Only the operator who owns route '" + code
                        + "' may change it.", null);
            }
            return route;
        });
    }

    /** Every stop at an existing site; days from 1, in order, without gaps. */
    private Uni<Void> checkSites(RouteContent content) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int previousDay = 1;
        for (int i = 0; i < content.stops().size(); i++) {
            int day = content.stops().get(i).day();
            if (i == 0 ? day != 1 : day != previousDay && day != previousDay + 1) {
                errors.add(new Problem.FieldError("stops[" + i + "].day",
                        "days start at 1 and follow the stops in order without gaps"));
            }
            previousDay = day;
        }
        List<String> codes = content.stops().stream().map(RouteContent.Stop::siteCode).distinct().toList();
        return sites.byCodes(codes).map(known -> {
            for (int i = 0; i < content.stops().size(); i++) {
                if (!known.containsKey(content.stops().get(i).siteCode())) {
                    errors.add(new Problem.FieldError("stops[" + i + "].siteCode", "is not a site"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ProblemException(422, "invalid-route", "Invalid route", "The route cannot be published as it is.", errors);
            }
            return null;
        });
    }

    private static ProblemException notFound(String code) {
        return ProblemException.notFound("No route '" + code + "' is published.");
    }
}
