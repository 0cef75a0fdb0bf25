package cn.chengyu.pass.card;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A real-name card. The ID number is kept only as a keyed hash and a mask. */
@Entity
@Table(name = "card")
public class Card {

    @Id
    public UUID id;

    @Column(nullable = false, columnDefinition = "bpchar")
    public String number;

    @Column(name = "product_code", nullable = false)
    public String productCode;

    @Column(name = "owner_subject", nullable = false)
    public String ownerSubject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CardStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Category category;

    @Column(name = "holder_name", nullable = false)
    public String holderName;

    @Column(name = "id_number_hash", nullable = false)
    public String idNumberHash;

    @Column(name = "id_number_masked", nullable = false)
    public String idNumberMasked;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "activation_deadline", nullable = false)
    public Instant activationDeadline;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "valid_until")
    public Instant validUntil;

    /** The first card of its chain of replacements; visits and entitlements belong to it. */
    @Column(name = "lineage_id", nullable = false)
    public UUID lineageId;

    @Column(name = "replaced_by")
    public UUID replacedBy;

    @Column(name = "denylist_version")
    public Long denylistVersion;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Who suspended the card; null unless it is SUSPENDED. */
    @Enumerated(EnumType.STRING)
    @Column(name = "suspended_by")
    public Suspender suspendedBy;

    @Column(name = "suspension_reason")
    public String suspensionReason;

    @Column(name = "suspended_at")
    public Instant suspendedAt;

    /** Start of the day-long window in which the holder's changes to this lineage are counted. */
    @Column(name = "change_window_start")
    public Instant changeWindowStart;

    @Column(name = "changes_in_window", nullable = false)
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
