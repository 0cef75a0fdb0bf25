package cn.chengyu.pass.card.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A pass to show as a QR code. */
@Schema(name = "Pass", description = "A signed pass (compact JWS, ES256) to show as a QR code")
public record PassView(
        @Schema(description = "Compact JWS; header has kid, payload the card id (cid), iat and exp") String token,
        @Schema(description = "When the pass stops being accepted (at most 60 s after minting)") Instant expiresAt) {
}
