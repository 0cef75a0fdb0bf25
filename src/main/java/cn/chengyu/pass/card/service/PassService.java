package cn.chengyu.pass.card.service;

import cn.chengyu.pass.PassConfig;
import cn.chengyu.pass.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Mints the rotating passes an app shows as a QR code: a compact ES256 JWS naming only the
 * card id, living at most 60 seconds, that gates verify offline against {@code /pass-keys}.
 */
@ApplicationScoped
public class PassService {

    private static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

    private final CardService cards;
    private final PassSigner signer;
    private final Duration lifetime;
    private final Clock clock;

    public PassService(CardService cards, PassSigner signer, PassConfig config, Clock clock) {
        if (config.lifetime().compareTo(MAX_LIFETIME) > 0 || config.lifetime().isNegative()) {
            throw new IllegalStateException("pass.lifetime must be between 0 and 60 seconds");
        }
        this.cards = cards;
        this.signer = signer;
        this.lifetime = config.lifetime();
        this.clock = clock;
    }

    /** A signed pass and the moment it expires. */
    public record Pass(String token, Instant expiresAt) {
    }

    /** A pass for the caller's own card; 409 when the card cannot be used. */
    public Uni<Pass> mint(Caller caller, UUID cardId) {
        return cards.findOwned(caller, cardId).map(cards::requireUsable).map(card -> {
            // Whole seconds, as in the token, so expiresAt is exactly its exp.
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant expiresAt = now.plus(lifetime);
            return new Pass(signer.sign(card.id, now, expiresAt), expiresAt);
        });
    }
}
