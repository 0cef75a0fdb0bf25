package ceiling;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One document from memory, as fast as Quarkus REST answers anything: the ceiling of a cached read. */
@jakarta.ws.rs.Path("/ceiling")
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
