package cn.chengyu.pass.web.idempotency;

import jakarta.ws.rs.core.Response;

/** An answer exactly as it was first sent, so that a retry gets the same status and bytes. */
public record StoredAnswer(int status, String contentType, String body) {

    public Response toResponse() {
        return Response.status(status).type(contentType).entity(body).build();
    }
}
