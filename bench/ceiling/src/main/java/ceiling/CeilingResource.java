package ceiling;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One document from memory, as fast as Quarkus REST answers anything (/ceiling), and as fast as a bare
 * router route does (/ceiling-router): the ceilings of a cached read.
 */
@jakarta.ws.rs.Path("/ceiling")
@jakarta.inject.Singleton
public class CeilingResource {

    private final byte[] body;
    private final String type;
    private final String etag;

    public CeilingResource(@ConfigProperty(name = "ceiling.body") String file, @ConfigProperty(name = "ceiling.type") String type,
                           @ConfigProperty(name = "ceiling.etag") String etag) throws IOException {
        this.body = Files.readAllBytes(Path.of(file));
        this.type = type;
        this.etag = etag;
    }

    /** The same from a bare router route (no REST layer at all): the ceiling of a read answered from the router. */
    void route(@Observes Router router) {
        router.get("/ceiling-router").handler(context -> {
            HttpServerResponse response = context.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            if (etag.equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                response.setStatusCode(304).end();
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, type).end(Buffer.buffer(body));
            }
        });
    }

    @GET
    @NonBlocking
    public RestResponse<byte[]> get(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (etag.equals(ifNoneMatch)) {
            return RestResponse.ResponseBuilder.<byte[]>notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
        }
        return RestResponse.ResponseBuilder.ok(body, type).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }
}
