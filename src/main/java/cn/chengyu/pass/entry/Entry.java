package cn.chengyu.pass.entry;

import java.time.Instant;
import java.util.UUID;

/**
 * One scan at a gate and its decision, as a card's visit history shows it; recorded whether
 * admitted or denied.
 *
 * @param entryId    made by the gate; the idempotency key of the scan
 * @param reason     why the scan was denied; null when admitted
 * @param conflict   for an offline admission the rules would now deny, the reason they would; else null
 */
public record Entry(UUID entryId, String site, String decision, String reason, String conflict, Instant scannedAt,
                    Instant recordedAt) {
}
