package cn.chengyu.pass.web;

import cn.chengyu.pass.BusinessTime;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Answers a public GET about one thing's day ({@code /…/{code}/…?date=}) that this replica holds
 * ready in memory straight from the HTTP router, ahead of Quarkus' authentication and observability
 * handlers and the REST layer, whose per-request work would cost more than the answer (as
 * {@code HotItineraries} does for itineraries). Only what the REST endpoint loaded and cached is
 * ever held, so its checks have run; anything not held (or a malformed date) goes on to it.
 */
public final class ReadyAnswers {

    /** Ahead of Quarkus' authentication and observability handlers (a GET has no body to limit). */
    private static final int ORDER = -1000;

    private ReadyAnswers() {
    }

    /**
     * Routes GETs matching {@code pathRegex} (its first group: the code) to the JSON {@code ready}
     * holds for the code and day, if any.
     */
    public static void install(Router router, String pathRegex, BusinessTime time, BiFunction<String, LocalDate, byte[]> ready) {
        router.getWithRegex(pathRegex).order(ORDER).handler(context -> answer(context, time, ready));
    }

    private static void answer(RoutingContext context, BusinessTime time, BiFunction<String, LocalDate, byte[]> ready) {
        List<String> dates = context.queryParam("date");
        Optional<LocalDate> day = dates.isEmpty() || dates.get(0).isEmpty() ? Optional.of(time.today()) : IsoDates.day(dates.get(0));
        // a malformed date is the REST layer's to refuse
        byte[] held = day.map(asked -> ready.apply(context.pathParam("param0"), asked)).orElse(null);
        if (held == null) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON).end(Buffer.buffer(held));
    }
}
