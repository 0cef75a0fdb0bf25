package cn.chengyu.pass.security;

import cn.chengyu.pass.PassConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key that signs passes and the public keys gates verify them with: the current one and
 * any retired ones, each named by its RFC 7638 thumbprint so every replica derives the same kid.
 */
@ApplicationScoped
public class PassKeys {

    private final ECPrivateKey signingKey;
    private final String signingKeyId;
    private final List<Map<String, Object>> publicJwks;
    private final Map<String, ECPublicKey> verificationKeys;

    public PassKeys(PassConfig config) {
        this.signingKey = PemKeys.readEcPrivateKey(config.signingKeyLocation());
        List<ECPublicKey> published = new ArrayList<>();
        published.add(Es256.publicKeyOf(signingKey));
        config.retiredPublicKeyLocations().orElse(List.of()).stream()
                .map(PemKeys::readEcPublicKey)
                .forEach(published::add);
        List<Map<String, Object>> jwks = new ArrayList<>();
        Map<String, ECPublicKey> byId = new LinkedHashMap<>();
        for (ECPublicKey key : published) {
            Map<String, Object> jwk = publicJwk(key);
            // a key named again (the signing key's public half, during a rotation) is published once
            if (byId.putIfAbsent((String) jwk.get("kid"), key) == null) {
                jwks.add(jwk);
            }
        }
        this.publicJwks = List.copyOf(jwks);
        this.verificationKeys = Collections.unmodifiableMap(byId);
        this.signingKeyId = (String) jwks.get(0).get("kid");
    }

    public ECPrivateKey signingKey() {
        return signingKey;
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    /** The public JWKS entries: the signing key first, then retired keys. */
    public List<Map<String, Object>> publicJwks() {
        return publicJwks;
    }

    /** The published keys by kid, to verify passes with. */
    public Map<String, ECPublicKey> verificationKeys() {
        return verificationKeys;
    }

    private static Map<String, Object> publicJwk(ECPublicKey key) {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey(key);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setUse("sig");
        jwk.setAlgorithm("ES256");
        return Map.copyOf(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
}
