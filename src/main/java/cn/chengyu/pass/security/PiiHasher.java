package cn.chengyu.pass.security;

import cn.chengyu.pass.PassConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The keyed hash that stands in for an ID number, or for anything that holds one, wherever it
 * must be recognised again (one live card per person, the retry of a card request):
 * HMAC-SHA256 under {@code PASS_PII_KEY}, so a leaked table cannot be reversed by hashing every
 * possible number (an ID number has fewer than 10^11 plausible values: seconds on a GPU).
 */
@ApplicationScoped
@Startup // a key that is too short stops the start, rather than failing the first card issued
public class PiiHasher {

    /** Sets request fingerprints apart from ID-number hashes made with the same key. */
    private static final byte[] FINGERPRINT_DOMAIN = "request-fingerprint\0".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    public PiiHasher(PassConfig config) {
        if (config.piiKey().length() < 16) {
            throw new IllegalStateException("PASS_PII_KEY must be at least 16 characters long");
        }
        this.key = new SecretKeySpec(config.piiKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String value) {
        return HexFormat.of().formatHex(mac().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The keyed fingerprint of a request body in its scope (a path), to tell a retry from another
     * request: the body may hold an ID number, so a plain digest of it would give the number away.
     */
    public String fingerprint(String scope, byte[] body) {
        Mac mac = mac();
        mac.update(FINGERPRINT_DOMAIN);
        mac.update(scope.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
