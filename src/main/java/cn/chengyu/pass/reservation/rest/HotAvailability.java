package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.reservation.service.AvailabilityService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Answers a read of a site's session availability that this replica holds ready straight from the
 * HTTP router, as {@code HotItineraries} does for itineraries: the endpoint is public, and the REST
 * layer's per-request work would cost more than the answer. The bytes are those
 * {@link SessionResource#sessions} sends; anything else (a day not held, a malformed date, HEAD)
 * goes on to it.
 */
@ApplicationScoped
public class HotAvailability {

    /** Ahead of Quarkus' authentication and observability handlers (a GET has no body to limit). */
    private static final int ORDER = -1000;

    private final AvailabilityService availability;
    private final BusinessTime time;

    public HotAvailability(AvailabilityService availability, BusinessTime time) {
        this.availability = availability;
        this.time = time;
    }

    void install(@Observes Router router) {
        router.getWithRegex("/api/v1/sites/([a-z0-9-]+)/sessions").order(ORDER).handler(this::answer);
    }

    private void answer(RoutingContext context) {
        List<String> dates = context.queryParam("date");
        LocalDate day;
        try {
            day = dates.isEmpty() || dates.get(0).isEmpty() ? time.today() : LocalDate.parse(dates.get(0));
        } catch (DateTimeParseException malformed) {
            context.next();
            return;
        }
        byte[] ready = availability.ready(context.pathParam("param0"), day);
        if (ready == null) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON).end(Buffer.buffer(ready));
    }
}
