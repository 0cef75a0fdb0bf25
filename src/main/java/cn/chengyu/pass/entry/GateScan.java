package cn.chengyu.pass.entry;

import java.time.Instant;
import java.util.UUID;

/**
 * A scan as a gate sent it: a pass or a card number, when it was scanned (null online: now), and
 * the fingerprint of the body, so that a replay with another body is told apart.
 */
public record GateScan(UUID entryId, String pass, String cardNumber, Instant scannedAt, String fingerprint) {
}
