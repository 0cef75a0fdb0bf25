package cn.chengyu.pass.security;

import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Remembering verified tokens never outlives them: past its expiry (by the clock it is given: the
 * machine's in the service, one the test sets here) a remembered token is forgotten and verified
 * afresh. The HTTP suite shows that a token SmallRye JWT refuses is a 401; here the clock moves
 * instead of the test waiting.
 */
class VerifiedTokensTest {

    /** The real verification, counted. */
    private static final class CountingTokens extends VerifiedTokens {
        int verifications;

        CountingTokens(JWTAuthContextInfo rules) {
            super(rules, new DefaultJWTCallerPrincipalFactory(), new TestClock());
        }

        @Override
        JsonWebToken verifyAfresh(String token) throws ParseException {
            verifications++;
            return super.verifyAfresh(token);
        }
    }

    private CountingTokens tokens;

    @BeforeEach
    void verifier() throws Exception {
        TestClock.setTo(TestClock.system()); // where the tokens are minted, and where the service's VerifiedTokens looks
        JWTAuthContextInfo rules = new JWTAuthContextInfo(KeyUtils.readPublicKey("test-keys/jwt-public.pem"), TestTokens.ISSUER);
        rules.setClockSkew(1);
        tokens = new CountingTokens(rules);
    }

    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    @Test
    void aTokenIsVerifiedOnceAndRememberedWhileUsable() throws Exception {
        String token = TestTokens.holderExpiringIn("remembered", Duration.ofMinutes(5));
        assertEquals("remembered", tokens.parse(token).getSubject());
        assertEquals("remembered", tokens.parse(token).getSubject());
        assertEquals(1, tokens.verifications);
        assertEquals(1, tokens.remembered());
    }

    @Test
    void aRememberedTokenIsForgottenAndVerifiedAfreshOnceItExpires() throws Exception {
        String token = TestTokens.holderExpiringIn("short-lived", Duration.ofMinutes(5));
        tokens.parse(token);
        TestClock.advance(Duration.ofMinutes(5));
        tokens.parse(token);
        assertEquals(1, tokens.verifications, "within the allowed second of skew it is still remembered");

        TestClock.advance(Duration.ofSeconds(2));
        tokens.parse(token);
        assertEquals(2, tokens.verifications, "past expiry and skew it is verified again, not served from memory");
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        String expired = TestTokens.expiredAdmin();
        for (int i = 0; i < 2; i++) {
            assertThrows(ParseException.class, () -> tokens.parse(expired));
        }
        assertEquals(2, tokens.verifications);
        assertEquals(0, tokens.remembered());
    }
}
