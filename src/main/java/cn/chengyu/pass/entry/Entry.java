package cn.chengyu.pass.entry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One scan at a gate and its decision; recorded whether admitted or denied. */
@Entity
@Table(name = "entry")
public class Entry {

    /** Made by the gate; the idempotency key of the scan. */
    @Id
    @Column(name = "entry_id")
    public UUID entryId;

    @Column(name = "site_code", nullable = false)
    public String siteCode;

    @Column(name = "gate_subject", nullable = false)
    public String gateSubject;

    @Column(name = "card_id")
    public UUID cardId;

    /** The card chain the visit belongs to, so that history survives a replacement. */
    @Column(name = "lineage_id")
    public UUID lineageId;

    @Column(nullable = false)
    public String decision;

    public String reason;

    public String conflict;

    @Column(name = "business_day", nullable = false)
    public LocalDate businessDay;

    @Column(name = "scanned_at", nullable = false)
    public Instant scannedAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;
}
