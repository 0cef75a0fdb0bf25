package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.card.Suspender;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A card as its holder and the card authority see it; the ID number only masked. */
@Schema(name = "Card", description = "A real-name card")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CardView(
        @Schema(description = "Card id") UUID id,
        @Schema(description = "16-digit card number (Luhn check digit last)", example = "6217300012345670") String number,
        @Schema(description = "Product code", example = "ANNUAL") String productCode,
        @Schema(description = "Status as of now; a card past its validity or activation window reads EXPIRED") CardStatus status,
        @Schema(description = "Fare category from the birth date at issue") Category category,
        @Schema(description = "The real-name holder") Holder holder,
        @Schema(description = "When the card was issued") Instant issuedAt,
        @Schema(description = "Last moment the card can be activated by a first entry") Instant activateBy,
        @Schema(nullable = true, description = "The first admitted entry; null until then") Instant activatedAt,
        @Schema(nullable = true, description = "End of validity; null until activation") Instant validUntil,
        @Schema(nullable = true, description = "The card that replaced this one; null unless it was replaced") UUID replacedBy,
        @Schema(nullable = true, description = "Who suspended the card, why and when; null unless it is suspended") Suspension suspension) {

    /** Who suspended a card, why and when. */
    @Schema(name = "CardSuspension", description = "A card's suspension")
    public record Suspension(
            @Schema(description = "HOLDER: the holder may lift it; AUTHORITY: only the card authority lifts it") Suspender by,
            @Schema(nullable = true, description = "Why; always given by the card authority, null when the holder gave none") String reason,
            @Schema(description = "When the card was suspended") Instant at) {
    }

    /** The holder's name and masked ID number. */
    @Schema(name = "CardHolder", description = "The real-name holder of a card")
    public record Holder(
            @Schema(description = "Holder's name", example = "李白") String name,
            @Schema(description = "ID number showing only the first 3 and last 4 characters", example = "510***********123X")
            String idNumberMasked) {
    }

    public static CardView of(Card card, Instant now) {
        CardStatus status = card.statusAt(now);
        return new CardView(card.id, card.number, card.productCode, status, card.category,
                new Holder(card.holderName, card.idNumberMasked), card.issuedAt, card.activationDeadline,
                card.activatedAt, card.validUntil, card.replacedBy,
                status != CardStatus.SUSPENDED ? null : new Suspension(card.suspendedBy, card.suspensionReason, card.suspendedAt));
    }
}
