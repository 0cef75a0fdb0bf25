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
 * The keyed hash that stands in for an ID number wherever one must be recognised again
 * (one live card per person): HMAC-SHA256 under {@code PASS_PII_KEY}, so a leaked table
 * cannot be reversed by hashing every possible number.
 */
@ApplicationScoped
@Startup // a key that is too short stops the start, rather than failing the first card issued
public class PiiHasher {

    private final SecretKeySpec key;

    public PiiHasher(PassConfig config) {
        if (config.piiKey().length() < 16) {
            throw new IllegalStateException("PASS_PII_KEY must be at least 16 characters long");
        }
        this.key = new SecretKeySpec(config.piiKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
