package cn.chengyu.pass.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds every request body to {@code quarkus.http.limits.max-body-size} and answers a larger one
 * with a 413 problem rather than the server's bare 413. A body with a declared length over the
 * limit is refused before a byte of it is read; a chunked body is read up to the limit first.
 * It runs just ahead of the server's own check.
 */
@ApplicationScoped
public class BodyLimit {

    /** Just before the server's own limit handler ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    private static final int ORDER = -3;

    private final ProblemRenderer renderer;
    private final long limit;
    private final BodyHandler chunked;

    public BodyLimit(ProblemRenderer renderer,
                     @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.renderer = renderer;
        this.limit = limit.asLongValue();
        this.chunked = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && exceeds(declared)) {
                refuse(context);
            } else if (declared == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunked.handle(context);
            } else {
                context.next();
            }
        }).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().headWritten()) {
                refuse(context);
            } else {
                context.next();
            }
        });
    }

    private void refuse(RoutingContext context) {
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // The unread rest of the body stays on the connection, so it cannot carry another request.
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(renderer.render(413, "payload-too-large", "Payload too large", detail(), context.request().path(), null));
    }

    private String detail() {
        return "The request body is larger than the limit of " + (limit / (1024 * 1024)) + " MB.";
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
