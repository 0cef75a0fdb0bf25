package cn.chengyu.pass.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The bearer-token check of every request, remembering tokens it has verified until they expire:
 * a gate or a phone sends the same token on every request, and parsing and RS256-verifying it
 * again was about a sixth of the work of a pass mint (JFR of bench/cards.sh).
 * <p>
 * Only a compact JWS (three base64url parts) of at most 8 KB is parsed at all: jose4j skips
 * characters outside base64url, so one valid token could otherwise be padded into endless distinct
 * strings, each verified and remembered. Tokens are remembered by their SHA-256 in a bounded LRU,
 * so a flood of new tokens evicts the least used ones rather than growing memory or clearing every
 * gate's entry. A remembered token is refused once past the expiry (and maximum age) that SmallRye
 * JWT enforces, clock skew included.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {

    /** Tokens in use at once (gates and active phones); a few kilobytes each, so at most some tens of MB. */
    private static final int CAPACITY = 10_000;
    /** The longest Authorization token parsed; the identity provider's tokens are about 1 KB. */
    public static final int MAX_LENGTH = 8 * 1024;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private record Verified(JsonWebToken token, long usableUntilMillis) {
    }

    private final JWTAuthContextInfo rules;
    private final Clock clock;
    /** Each token is dropped once it is no longer usable, and the least used ones first when full. */
    private final Cache<String, Verified> verified;

    /** Remembers tokens by the machine's clock: SmallRye JWT checks their expiry against it, not the service's {@code Clock}. */
    @Inject
    public VerifiedTokens(JWTAuthContextInfo rules, JWTCallerPrincipalFactory principals) {
        this(rules, principals, Clock.systemUTC());
    }

    /** Remembers tokens by {@code clock}, which must be the one their expiry is checked against. */
    VerifiedTokens(JWTAuthContextInfo rules, JWTCallerPrincipalFactory principals, Clock clock) {
        super(rules, principals);
        this.rules = rules;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(CAPACITY)
                .expireAfter(Expiry.creating((String digest, Verified token) ->
                        Duration.ofMillis(Math.max(0, token.usableUntilMillis() - clock.millis()))))
                .build();
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        if (bearerToken.length() > MAX_LENGTH || !COMPACT_JWS.matcher(bearerToken).matches()) {
            throw new ParseException("The bearer token is not a compact JWS of at most " + MAX_LENGTH + " characters");
        }
        long now = clock.millis();
        String digest = sha256(bearerToken);
        Verified known = verified.getIfPresent(digest);
        if (known != null && now <= known.usableUntilMillis()) {
            return known.token();
        }
        JsonWebToken token = verifyAfresh(bearerToken);
        verified.put(digest, new Verified(token, usableUntilMillis(token)));
        return token;
    }

    /** Verifies the token as SmallRye JWT does (everything but {@link #parse(String)} is its own, unremembered). */
    JsonWebToken verifyAfresh(String bearerToken) throws ParseException {
        return super.parse(bearerToken);
    }

    /** How many tokens are remembered now. */
    public long remembered() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private long usableUntilMillis(JsonWebToken token) {
        // The limits SmallRye JWT checks (DefaultJWTTokenParser): expiry plus the allowed skew, and the
        // maximum age from issue when one is configured.
        long until = token.getExpirationTime() + allowedSkewSeconds();
        if (rules.getTokenAge() != null) {
            until = Math.min(until, token.getIssuedAtTime() + rules.getTokenAge());
        }
        return until * 1000;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private long allowedSkewSeconds() {
        return rules.getExpGracePeriodSecs() > 0 ? rules.getExpGracePeriodSecs() : Math.max(0, rules.getClockSkew());
    }
}
