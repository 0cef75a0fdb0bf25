package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.security.PassKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The public keys that verify passes. */
@Path("/api/v1/pass-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gates", description = "What ticket gates need")
public class PassKeyResource {

    private final PassKeys keys;

    public PassKeyResource(PassKeys keys) {
        this.keys = keys;
    }

    @GET
    @PermitAll
    @Operation(operationId = "getPassKeys", summary = "Pass verification keys",
            description = "JWKS (RFC 7517) of the EC P-256 public keys that verify passes: the current signing key and retired "
                    + "ones whose passes may still be in use. Public keys only; kid is the RFC 7638 thumbprint.")
    public Map<String, List<Map<String, Object>>> jwks() {
        return Map.of("keys", keys.publicJwks());
    }
}
