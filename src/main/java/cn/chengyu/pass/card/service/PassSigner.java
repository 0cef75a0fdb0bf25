package cn.chengyu.pass.card.service;

import cn.chengyu.pass.security.PassKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes a pass as a compact ES256 JWS. The header never changes and the payload has five
 * fixed claims, so it is written directly rather than through a general JWT builder: minting
 * is the hottest write of the app (bench/cards.sh measures it).
 */
@ApplicationScoped
public class PassSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PassKeys keys;
    private final String encodedHeader;
    private final ThreadLocal<Signature> signatures;

    public PassSigner(PassKeys keys) {
        this.keys = keys;
        this.encodedHeader = encode("{\"alg\":\"ES256\",\"typ\":\"" + PassService.TYPE + "\",\"kid\":\"" + keys.signingKeyId() + "\"}");
        this.signatures = ThreadLocal.withInitial(() -> {
            try {
                return Signature.getInstance("SHA256withECDSAinP1363Format");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ES256 is unavailable", e);
            }
        });
    }

    public String sign(UUID cardId, Instant issuedAt, Instant expiresAt) {
        String payload = "{\"iss\":\"" + PassService.ISSUER + "\",\"" + PassService.CARD_CLAIM + "\":\"" + cardId
                + "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = encodedHeader + "." + encode(payload);
        try {
            Signature signature = signatures.get();
            signature.initSign(keys.signingKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A pass could not be signed", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
