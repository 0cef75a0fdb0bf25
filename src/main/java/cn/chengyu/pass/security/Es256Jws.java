package cn.chengyu.pass.security;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes compact ES256 JWS of one type ({@code typ}) with the current key of {@link PassKeys}, so
 * that anyone holding {@code /pass-keys} verifies them offline. The header never changes and the
 * payload is written by the caller, rather than through a general JWT builder: minting passes is
 * the hottest write of the app (bench/cards.sh measures it). Signed by {@link Es256}.
 */
public final class Es256Jws {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String encodedHeader;
    private final ECPrivateKeyParameters signingKey;

    public Es256Jws(PassKeys keys, String type) {
        this.encodedHeader = encode("{\"alg\":\"ES256\",\"typ\":\"" + type + "\",\"kid\":\"" + keys.signingKeyId() + "\"}");
        this.signingKey = Es256.signingKey(keys.signingKey());
    }

    /** The compact JWS of {@code payload}, a JSON object. */
    public String sign(String payload) {
        String signingInput = encodedHeader + "." + encode(payload);
        return signingInput + "." + BASE64URL.encodeToString(Es256.sign(signingKey, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
