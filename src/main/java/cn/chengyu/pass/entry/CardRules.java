package cn.chengyu.pass.entry;

import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.product.SiteLimit;

import java.time.Instant;
import java.util.UUID;

/** A card and its product, as admission needs them: no holder, nothing personal. */
public record CardRules(UUID id, String number, String productCode, CardStatus status, Category category,
                        Instant activationDeadline, Instant activatedAt, Instant validUntil, UUID lineageId,
                        int validityHours, SiteLimit siteLimit) {

    public ScannedCard summary() {
        return new ScannedCard(number, productCode, category);
    }

    /** This card as its first admission, at {@code at}, leaves it: valid for its product's hours from then. */
    public CardRules activated(Instant at) {
        return new CardRules(id, number, productCode, status == CardStatus.ISSUED ? CardStatus.ACTIVE : status, category,
                activationDeadline, at, at.plusSeconds(validityHours * 3600L), lineageId, validityHours, siteLimit);
    }

    /** Why this card cannot be admitted at {@code at}, or null when it can. */
    public Reason reasonAt(Instant at) {
        return AdmissionPolicy.cardReason(status, activationDeadline, activatedAt, validUntil, at);
    }
}
