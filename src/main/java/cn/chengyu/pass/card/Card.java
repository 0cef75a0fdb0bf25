package cn.chengyu.pass.card;

import java.time.Instant;
import java.util.UUID;

/**
 * A real-name card. The ID number is kept only as a keyed hash and a mask. Stored by
 * {@code CardRepository} on the reactive client: the gate path activates cards in its own statement.
 */
public class Card {

    public UUID id;
    public String number;
    public String productCode;
    public String ownerSubject;
    public CardStatus status;
    public Category category;
    public String holderName;
    public String idNumberHash;
    public String idNumberMasked;
    public Instant issuedAt;
    public Instant activationDeadline;
    public Instant activatedAt;
    public Instant validUntil;

    /** The first card of its chain of replacements; visits and entitlements belong to it. */
    public UUID lineageId;
    public UUID replacedBy;
    public Long denylistVersion;
    public Instant updatedAt;

    /** Who suspended the card; null unless it is SUSPENDED. */
    public Suspender suspendedBy;
    public String suspensionReason;
    public Instant suspendedAt;

    /** Start of the day-long window in which the holder's changes to this lineage are counted. */
    public Instant changeWindowStart;
    public int changesInWindow;

    /** The status as of {@code now}: a live card past its dates reads as EXPIRED even before that is stored. */
    public CardStatus statusAt(Instant now) {
        if (CardStatus.LIVE.contains(status) && isLapsed(now)) {
            return CardStatus.EXPIRED;
        }
        return status;
    }

    public void suspend(Suspender by, String reason, Instant at) {
        status = CardStatus.SUSPENDED;
        suspendedBy = by;
        suspensionReason = reason;
        suspendedAt = at;
    }

    /** Lifts a suspension: the card is usable again, ACTIVE once it has been used, else ISSUED. */
    public void reinstate() {
        status = activatedAt == null ? CardStatus.ISSUED : CardStatus.ACTIVE;
        suspendedBy = null;
        suspensionReason = null;
        suspendedAt = null;
    }

    private boolean isLapsed(Instant now) {
        return lapsed(activationDeadline, activatedAt, validUntil, now);
    }

    /** A card lapses when it was not activated by its deadline, or once activated, at the end of its validity. */
    public static boolean lapsed(Instant activationDeadline, Instant activatedAt, Instant validUntil, Instant at) {
        return activatedAt == null ? at.isAfter(activationDeadline) : at.isAfter(validUntil);
    }
}
