package cn.chengyu.pass.card.service;

import cn.chengyu.pass.security.Es256;
import cn.chengyu.pass.security.PassKeys;
import cn.chengyu.pass.security.PassVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes a pass as a compact ES256 JWS. The header never changes and the payload has five
 * fixed claims, so it is written directly rather than through a general JWT builder: minting
 * is the hottest write of the app (bench/cards.sh measures it). Signed by {@link Es256}.
 */
@ApplicationScoped
public class PassSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String encodedHeader;
    private final ECPrivateKeyParameters signingKey;

    public PassSigner(PassKeys keys) {
        this.encodedHeader = encode("{\"alg\":\"ES256\",\"typ\":\"" + PassVerifier.TYPE + "\",\"kid\":\"" + keys.signingKeyId() + "\"}");
        this.signingKey = Es256.signingKey(keys.signingKey());
    }

    public String sign(UUID cardId, Instant issuedAt, Instant expiresAt) {
        String payload = "{\"iss\":\"" + PassVerifier.ISSUER + "\",\"" + PassVerifier.CARD_CLAIM + "\":\"" + cardId
                + "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = encodedHeader + "." + encode(payload);
        return signingInput + "." + BASE64URL.encodeToString(Es256.sign(signingKey, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
