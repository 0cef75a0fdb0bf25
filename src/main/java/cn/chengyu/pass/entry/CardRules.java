package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.product.SiteLimit;

import java.time.Instant;
import java.util.UUID;

/** A card and its product, as admission needs them: no holder, nothing personal. */
public record CardRules(UUID id, String number, String productCode, CardStatus status, Category category,
                        Instant issuedAt, Instant activationDeadline, Instant activatedAt, Instant validUntil, UUID lineageId,
                        int validityHours, SiteLimit siteLimit) {

    public ScannedCard summary() {
        return new ScannedCard(number, productCode, category);
    }

    /**
     * Whether an admission at {@code at} is this card's first use: it has none yet, or only later ones (an
     * offline scan uploaded after the card was used elsewhere). Validity runs from the first use, so such an
     * admission activates the card again, from its own time; never from before the card was issued (a gate's
     * clock running behind must not cut short a card in use), so a successor, which keeps the activation of
     * the card it replaced, keeps it.
     */
    public boolean firstUseAt(Instant at) {
        return activatedAt == null || at.isBefore(activatedAt) && !at.isBefore(issuedAt);
    }

    /** This card as its first admission, at {@code at}, leaves it: valid for its product's hours from then. */
    public CardRules activated(Instant at) {
        return new CardRules(id, number, productCode, status == CardStatus.ISSUED ? CardStatus.ACTIVE : status, category,
                issuedAt, activationDeadline, at, at.plusSeconds(validityHours * 3600L), lineageId, validityHours, siteLimit);
    }

    /** Why this card cannot be admitted at {@code at}, or null when it can. */
    public Reason reasonAt(Instant at) {
        return AdmissionPolicy.cardReason(status, activationDeadline, activatedAt, validUntil, at);
    }
}
