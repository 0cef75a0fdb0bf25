package cn.chengyu.pass.route.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.route.Route;
import cn.chengyu.pass.route.RouteStatus;
import cn.chengyu.pass.route.Theme;
import cn.chengyu.pass.route.cache.ItineraryCache;
import cn.chengyu.pass.route.cache.ViewRanking;
import cn.chengyu.pass.route.repository.PublishedRouteRepository;
import cn.chengyu.pass.route.repository.RouteRepository;
import cn.chengyu.pass.route.rest.HotRouteView;
import cn.chengyu.pass.route.rest.ItineraryView;
import cn.chengyu.pass.route.rest.OperatorRouteView;
import cn.chengyu.pass.route.rest.RouteContent;
import cn.chengyu.pass.route.rest.RouteView;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.web.Problem;
import cn.chengyu.pass.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operators draft, publish and retire routes; everyone reads what is published. */
@ApplicationScoped
public class RouteService {

    private final RouteRepository routes;
    private final PublishedRouteRepository published;
    private final ItineraryCache cache;
    private final ViewRanking ranking;
    private final ObjectMapper json;
    private final BusinessTime time;

    public RouteService(RouteRepository routes, PublishedRouteRepository published, ItineraryCache cache,
                        ViewRanking ranking, ObjectMapper json, BusinessTime time) {
        this.routes = routes;
        this.published = published;
        this.cache = cache;
        this.ranking = ranking;
        this.json = json;
        this.time = time;
    }

    public Uni<List<RouteView>> listPublished(Theme theme) {
        return published.list(theme);
    }

    public Uni<RouteView> findPublished(String code) {
        return published.find(code).onItem().ifNull().failWith(() -> notFound(code));
    }

    /** From the cache; counts the view for the hot ranking. */
    public Uni<ItineraryView> itinerary(String code) {
        return cache.get(code, () -> published.itinerary(code))
                .onItem().ifNull().failWith(() -> notFound(code))
                .invoke(() -> ranking.record(code));
    }

    /** The most viewed published routes; empty while Redis is away. */
    public Uni<List<HotRouteView>> hot(int limit) {
        return ranking.top(limit).flatMap(ranked -> published.list(null).map(live -> {
            Map<String, RouteView> byCode = new HashMap<>();
            live.forEach(route -> byCode.put(route.code(), route));
            return ranked.stream().filter(entry -> byCode.containsKey(entry.value()))
                    .map(entry -> {
                        RouteView route = byCode.get(entry.value());
                        return new HotRouteView(route.code(), route.name(), route.theme(), (long) entry.score());
                    })
                    .toList();
        }));
    }

    @WithTransaction
    public Uni<OperatorRouteView> create(Caller operator, String code, RouteContent content) {
        return checkSites(content).flatMap(valid -> routes.findById(code)).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("A route with code '" + code + "' exists."));
            }
            Route route = new Route();
            route.code = code;
            route.ownerSubject = operator.subject();
            route.status = RouteStatus.DRAFT;
            route.draft = write(content);
            route.createdAt = time.now();
            route.updatedAt = route.createdAt;
            return routes.persist(route).map(saved -> view(saved));
        });
    }

    @WithTransaction
    public Uni<OperatorRouteView> editDraft(Caller operator, String code, RouteContent content) {
        return owned(operator, routes.findById(code), code).flatMap(route -> checkSites(content).map(valid -> {
            route.draft = write(content);
            route.updatedAt = time.now();
            return view(route);
        }));
    }

    /** Makes the draft the next immutable version and the live one; cached itineraries are dropped once it commits. */
    public Uni<RouteView> publish(Caller operator, String code) {
        return Panache.withTransaction(() -> owned(operator, routes.findForUpdate(code), code).flatMap(route -> {
            RouteContent content = read(route.draft);
            Instant now = time.now();
            return checkSites(content)
                    .flatMap(valid -> routes.nextVersion(code))
                    .call(version -> routes.insertVersion(code, version, content, now))
                    .map(version -> {
                        route.status = RouteStatus.PUBLISHED;
                        route.publishedVersion = version;
                        route.updatedAt = now;
                        return new RouteView(code, version, content.theme(), content.name(), content.description(),
                                content.stops(), now);
                    });
        })).call(cache::invalidateAll);
    }

    /** Withdraws a published route from public reads; its versions stay. */
    public Uni<OperatorRouteView> retire(Caller operator, String code) {
        return Panache.withTransaction(() -> owned(operator, routes.findById(code), code).map(route -> {
            if (route.status != RouteStatus.PUBLISHED) {
                throw ProblemException.conflict("Only a published route can be retired; this one is " + route.status + ".");
            }
            route.status = RouteStatus.RETIRED;
            route.updatedAt = time.now();
            return view(route);
        })).call(cache::invalidateAll);
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
        return routes.existingSites(codes).map(existing -> {
            Set<String> known = new HashSet<>(existing);
            for (int i = 0; i < content.stops().size(); i++) {
                if (!known.contains(content.stops().get(i).siteCode())) {
                    errors.add(new Problem.FieldError("stops[" + i + "].siteCode", "is not a site"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ProblemException(422, "invalid-route", "Invalid route", "The route cannot be published as it is.", errors);
            }
            return null;
        });
    }

    private OperatorRouteView view(Route route) {
        return new OperatorRouteView(route.code, route.status, route.publishedVersion, read(route.draft));
    }

    private String write(RouteContent content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A draft could not be written", e);
        }
    }

    private RouteContent read(String draft) {
        try {
            return json.readValue(draft, RouteContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored draft could not be read", e);
        }
    }

    private static ProblemException notFound(String code) {
        return ProblemException.notFound("No route '" + code + "' is published.");
    }
}
