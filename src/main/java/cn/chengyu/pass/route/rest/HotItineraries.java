package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.route.service.RouteService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a read of an itinerary this replica holds ready straight from the HTTP router, ahead of
 * Quarkus' own router handlers and the REST layer: their per-request work (authentication set-up,
 * observability, matching, writer lookup, context capture) was most of a hot read's cost (JFR of
 * bench/routes.sh). The endpoint is public, so nothing is skipped that it needs; its reads are counted
 * by the cache's counters. The answer is the one {@link RouteResource#itinerary} gives, from the same
 * bytes; anything else (a copy not yet loaded, an Accept header it leaves to negotiation, HEAD) goes on
 * to it.
 */
@ApplicationScoped
public class HotItineraries {

    /** Ahead of Quarkus' authentication and observability handlers (a GET has no body to limit). */
    private static final int ORDER = -1000;
    /** As the REST layer writes it (Vert.x's own header names are lower case). */
    private static final String VARY = jakarta.ws.rs.core.HttpHeaders.ACCEPT;

    private final RouteService routes;
    private final ObjectMapper json;

    public HotItineraries(RouteService routes, ObjectMapper json) {
        this.routes = routes;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.getWithRegex("/api/v1/routes/([a-z0-9-]+)/itinerary").order(ORDER).handler(this::answer);
    }

    private void answer(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        if (!ItineraryRepresentations.servable(accept)) {
            context.next();
            return;
        }
        CachedItinerary ready = routes.readyItinerary(context.pathParam("param0"));
        if (ready == null) {
            context.next();
            return;
        }
        ItineraryRepresentations.Representation shown;
        try {
            shown = ItineraryRepresentations.of(ready, json).chosenBy(accept);
        } catch (RuntimeException failure) {
            // The REST layer meets the same failure and answers it as a problem.
            context.next();
            return;
        }
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaders.ETAG, shown.etag()).putHeader(HttpHeaders.VARY, VARY);
        if (shown.isHeldBy(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, shown.type()).end(Buffer.buffer(shown.body()));
        }
    }
}
