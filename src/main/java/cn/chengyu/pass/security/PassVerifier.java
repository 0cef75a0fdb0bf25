package cn.chengyu.pass.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks a pass as a gate does: ES256 signature by a published key (current or retired), our
 * issuer and type, and its expiry at the moment of the scan with a small clock-skew allowance.
 */
@ApplicationScoped
public class PassVerifier {

    /** Issuer and type of every pass, so a gate cannot mistake another token for one. */
    public static final String ISSUER = "chengyu-pass";
    public static final String TYPE = "pass+jwt";
    public static final String CARD_CLAIM = "cid";

    /** Clocks of gates and phones drift; a pass this much past its exp still counts. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    /** What a pass says, or why it says nothing. */
    public record Outcome(UUID cardId, boolean expired) {

        static final Outcome INVALID = new Outcome(null, false);

        public boolean valid() {
            return cardId != null;
        }
    }

    private final Map<String, ECPublicKeyParameters> keysById;
    private final ObjectMapper json;

    public PassVerifier(PassKeys keys, ObjectMapper json) {
        this.keysById = keys.verificationKeys().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Es256.verificationKey(entry.getValue())));
        this.json = json;
    }

    public Outcome verify(String pass, Instant scannedAt) {
        String[] parts = pass.split("\\.", -1);
        if (parts.length != 3) {
            return Outcome.INVALID;
        }
        try {
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            ECPublicKeyParameters key = keysById.get(header.path("kid").asText());
            if (key == null || !"ES256".equals(header.path("alg").asText()) || !TYPE.equals(header.path("typ").asText())) {
                return Outcome.INVALID;
            }
            byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            if (!Es256.verify(key, signingInput, Base64.getUrlDecoder().decode(parts[2]))) {
                return Outcome.INVALID;
            }
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!ISSUER.equals(payload.path("iss").asText()) || !payload.path("exp").canConvertToLong()) {
                return Outcome.INVALID;
            }
            UUID card = UUID.fromString(payload.path(CARD_CLAIM).asText());
            Instant expiresAt = Instant.ofEpochSecond(payload.path("exp").asLong());
            return new Outcome(card, scannedAt.isAfter(expiresAt.plus(CLOCK_SKEW)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Outcome.INVALID;
        }
    }
}
