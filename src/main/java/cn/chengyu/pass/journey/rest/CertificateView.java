package cn.chengyu.pass.journey.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A completion certificate. */
@Schema(name = "Certificate", description = "A route completion certificate")
public record CertificateView(
        @Schema(description = "Compact ES256 JWS, typ certificate+jwt, signed by a key of /pass-keys; payload {iss, cid (card id), "
                + "route, version, completedAt and iat (seconds since the epoch), sites (in visiting order)}") String token) {
}
