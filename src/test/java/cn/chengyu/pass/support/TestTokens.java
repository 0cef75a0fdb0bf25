package cn.chengyu.pass.support;

import cn.chengyu.pass.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** Real RS256 tokens signed with the test-only key pair, and forged ones that must fail, one fault each. */
public final class TestTokens {

    public static final String ISSUER = "https://test.chengyu-pass.local";
    public static final String AUDIENCE = "chengyu-pass";

    private static final PrivateKey KEY = load("test-keys/jwt-private.pem");
    private static final PrivateKey OTHER_KEY = load("test-keys/other-jwt-private.pem");

    private TestTokens() {
    }

    public static String admin() {
        return sign(claims(Roles.ADMIN, "authority-1"), KEY);
    }

    public static String holder(String subject) {
        return sign(claims(Roles.HOLDER, subject), KEY);
    }

    /**
     * A holder's token carrying the person its identity provider verified, as OpenID Connect for
     * Identity Assurance writes it.
     */
    public static String verifiedHolder(String subject, String name, String idNumber) {
        return sign(claims(Roles.HOLDER, subject).claim("verified_claims", Map.of(
                "verification", Map.of("trust_framework", "cn_resident_id"),
                "claims", Map.of("name", name, "id_number", idNumber))), KEY);
    }

    /** A holder's token with one more claim, as an identity provider might send it. */
    public static String holderWithClaim(String subject, String claim, Object value) {
        return sign(claims(Roles.HOLDER, subject).claim(claim, value), KEY);
    }

    public static String operator(String subject) {
        return sign(claims(Roles.OPERATOR, subject), KEY);
    }

    public static String partner(String subject, String site) {
        return sign(claims(Roles.PARTNER, subject).claim(Roles.SITE_CLAIM, site), KEY);
    }

    public static String gate(String subject, String site) {
        return sign(claims(Roles.GATE, subject).claim(Roles.SITE_CLAIM, site), KEY);
    }

    /** A holder's valid token that expires {@code lifetime} from now. */
    public static String holderExpiringIn(String subject, Duration lifetime) {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(Roles.HOLDER))
                .expiresAt(TestClock.system().plus(lifetime)), KEY);
    }

    public static String expiredAdmin() {
        Instant past = TestClock.system().minus(Duration.ofHours(2));
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("authority-1").groups(Set.of(Roles.ADMIN))
                .issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(30))), KEY);
    }

    public static String adminSignedByAnotherKey() {
        return sign(claims(Roles.ADMIN, "authority-1"), OTHER_KEY);
    }

    public static String adminForAnotherAudience() {
        return sign(Jwt.issuer(ISSUER).audience("another-service").subject("authority-1")
                .groups(Set.of(Roles.ADMIN)).expiresIn(Duration.ofMinutes(10)), KEY);
    }

    /** Valid admin claims but no {@code sub}, only the {@code upn} SmallRye JWT would otherwise take as the name. */
    public static String adminWithoutSubject() {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).upn("authority-1")
                .groups(Set.of(Roles.ADMIN)).expiresIn(Duration.ofMinutes(10)), KEY);
    }

    public static String adminFromAnotherIssuer() {
        return sign(Jwt.issuer("https://issuer.elsewhere.example").audience(AUDIENCE).subject("authority-1")
                .groups(Set.of(Roles.ADMIN)).expiresIn(Duration.ofMinutes(10)), KEY);
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid admin claims. */
    public static String unsignedAdmin() {
        String signed = admin();
        String payload = signed.split("\\.")[1];
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + payload + ".";
    }

    /** A holder's valid token whose payload was edited to claim the admin role. */
    public static String tamperedToAdmin() {
        return tamperedToAdmin(holder("tamperer"));
    }

    /** This holder's token with its payload edited to claim the admin role, the signature kept. */
    public static String tamperedToAdmin(String holderToken) {
        String[] parts = holderToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"holder\"", "\"admin\"");
        return parts[0] + "." + base64Url(payload) + "." + parts[2];
    }

    /**
     * This token with characters outside base64url slipped into its signature: a lenient decoder
     * skips them and finds the same signature over the same header and payload, so the padded
     * string verifies as the token itself.
     */
    public static String padded(String token, String padding) {
        int middle = token.lastIndexOf('.') + 10;
        return token.substring(0, middle) + padding + token.substring(middle);
    }

    /** A validly signed admin token of more than 8 KB. */
    public static String oversizedAdmin() {
        return sign(claims(Roles.ADMIN, "authority-1").claim("filler", "x".repeat(9 * 1024)), KEY);
    }

    /** This token with the last characters of its signature changed. */
    public static String withSignatureAltered(String token) {
        return token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    }

    private static JwtClaimsBuilder claims(String role, String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject)
                .groups(Set.of(role)).expiresIn(Duration.ofMinutes(30));
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().keyId("test").sign(key);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey load(String resource) {
        try {
            return KeyUtils.readPrivateKey(resource);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read test key " + resource, e);
        }
    }
}
