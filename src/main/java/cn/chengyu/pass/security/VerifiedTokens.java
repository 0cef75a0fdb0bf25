package cn.chengyu.pass.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer-token check of every request, remembering tokens it has verified until they expire:
 * a gate or a phone sends the same token on every request, and parsing and RS256-verifying it
 * again was about a sixth of the work of a pass mint (JFR of bench/cards.sh).
 * A token is found again only by its exact text, so any other string, however close, is
 * verified in full; a remembered one is refused once past the expiry (and maximum age) that
 * SmallRye JWT enforces, clock skew included.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Tokens in use at once (gates and active phones); a few kilobytes each, so at most some tens of MB. */
    private static final int CAPACITY = 10_000;

    private record Verified(JsonWebToken token, long usableUntilMillis) {
    }

    private final DefaultJWTParser verifier;
    private final JWTAuthContextInfo rules;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(JWTAuthContextInfo rules, JWTCallerPrincipalFactory principals) {
        this.verifier = new DefaultJWTParser(rules, principals);
        this.rules = rules;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = verified.get(bearerToken);
        if (known != null) {
            if (now <= known.usableUntilMillis()) {
                return known.token();
            }
            verified.remove(bearerToken, known);
        }
        JsonWebToken token = verifier.parse(bearerToken);
        remember(bearerToken, token, now);
        return token;
    }

    private void remember(String bearerToken, JsonWebToken token, long now) {
        // The limits SmallRye JWT checks (DefaultJWTTokenParser): expiry plus the allowed skew, and the
        // maximum age from issue when one is configured.
        long until = token.getExpirationTime() + allowedSkewSeconds();
        if (rules.getTokenAge() != null) {
            until = Math.min(until, token.getIssuedAtTime() + rules.getTokenAge());
        }
        if (verified.size() >= CAPACITY) {
            verified.values().removeIf(entry -> entry.usableUntilMillis() < now);
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
        }
        verified.put(bearerToken, new Verified(token, until * 1000));
    }

    private long allowedSkewSeconds() {
        return rules.getExpGracePeriodSecs() > 0 ? rules.getExpGracePeriodSecs() : Math.max(0, rules.getClockSkew());
    }

    // Everything else is verified as SmallRye JWT would, without remembering.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
