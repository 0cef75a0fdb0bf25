package cn.chengyu.pass.card;

import java.util.EnumSet;
import java.util.Set;

/** Where a card is in its life. */
public enum CardStatus {
    /** Issued, not yet used at a gate. */
    ISSUED,
    /** Admitted at least once; valid until {@code validUntil}. */
    ACTIVE,
    /** Blocked for now (lost, say); can be reinstated or replaced. */
    SUSPENDED,
    /** Withdrawn by the card authority for good. */
    REVOKED,
    /** Superseded by a replacement card with a new number. */
    REPLACED,
    /** Past its validity, or never activated within its activation window. */
    EXPIRED;

    /**
     * The statuses of a card that still belongs to its holder: one such card per person and product
     * (the database's generated column card.live says the same, migration V12).
     */
    public static final Set<CardStatus> LIVE = EnumSet.of(ISSUED, ACTIVE, SUSPENDED);
}
