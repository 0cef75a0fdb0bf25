package cn.chengyu.pass.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The secrets and JWT settings a prod-profile jar needs, taken from the test-only keys. */
public class ProdSettingsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return settings();
    }

    @Override
    public void stop() {
    }

    public static Map<String, String> settings() {
        return Map.of(
                "mp.jwt.verify.publickey.location", EmbeddedServersResource.testResource("test-keys/jwt-public.pem"),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                // as in the test profile: AuthenticationTest waits out a short-lived token's expiry
                "mp.jwt.verify.clock.skew", "1",
                "pass.signing-key-location", EmbeddedServersResource.testResource("test-keys/pass-signing.pem"),
                "pass.pii-key", "prod-jar-test-pii-key");
    }
}
