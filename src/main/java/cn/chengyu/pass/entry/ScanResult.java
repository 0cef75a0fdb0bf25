package cn.chengyu.pass.entry;

import cn.chengyu.pass.entry.AdmissionPolicy.Decision;

import java.time.Instant;
import java.util.UUID;

/**
 * The decision on one scan as recorded: a denial's reason, the card scanned (null when unknown)
 * and, for an offline admission the rules would now deny, its conflict.
 */
public record ScanResult(UUID entryId, String site, Decision decision, Reason reason, ScannedCard card,
                         Instant recordedAt, Reason conflict) {
}
