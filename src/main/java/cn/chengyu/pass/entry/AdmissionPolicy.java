package cn.chengyu.pass.entry;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The rules of a gate scan, in plain Java: which check a scan fails first, what that means online
 * (the gate asks before it opens: the scan is denied) and offline (the gate already let the
 * visitor in: the admission stands and the failed check is its conflict), the business day, the
 * key of the product's per-site limit, and the times a scan may carry. The order of checks: pass,
 * card known, card status, validity, site open (a session runs), the product's per-site limit, the
 * card's booking of a session that requires one, the session's capacity. For an online scan the last
 * three are decided by the database (a unique key, a conditional update of the booking, a conditional
 * count); an offline batch decides them in {@link OfflineBatch} on rows it holds or checks as it
 * writes. This class says what a failed check means.
 */
public final class AdmissionPolicy {

    /** The oldest scan an offline gate may upload. */
    public static final Duration MAX_AGE = Duration.ofDays(7);

    /** Whether the gate asks before it opens (online) or reports what it already admitted (offline). */
    public enum Mode { ONLINE, OFFLINE }

    public enum Decision { ADMITTED, DENIED }

    /** What the rules make of a scan: its decision, a denial's reason, an offline admission's conflict. */
    public record Verdict(Decision decision, Reason reason, Reason conflict) {

        public static final Verdict ADMITTED = new Verdict(Decision.ADMITTED, null, null);

        public boolean admitted() {
            return decision == Decision.ADMITTED;
        }
    }

    private final Clock clock;

    public AdmissionPolicy(Clock clock) {
        this.clock = clock;
    }

    /** Why this card cannot be admitted at {@code at}, or null when it can. */
    public static Reason cardReason(CardStatus status, Instant activationDeadline, Instant activatedAt, Instant validUntil,
                                    Instant at) {
        return switch (status) {
            case SUSPENDED -> Reason.CARD_SUSPENDED;
            case REVOKED -> Reason.CARD_REVOKED;
            case REPLACED -> Reason.CARD_REPLACED;
            case EXPIRED -> Reason.CARD_EXPIRED;
            case ISSUED, ACTIVE -> Card.lapsed(activationDeadline, activatedAt, validUntil, at) ? Reason.CARD_EXPIRED : null;
        };
    }

    /** SITE_CLOSED when the site is closed or none of its sessions runs (see {@link Session#at}), else null. */
    public static Reason siteReason(SiteStatus status, Optional<Session.Occurrence> running) {
        return status == SiteStatus.CLOSED || running.isEmpty() ? Reason.SITE_CLOSED : null;
    }

    /** The verdict on a scan that failed {@code check} (null: passed every check before the database's). */
    public static Verdict verdict(Reason check, Mode mode) {
        if (check == null) {
            return Verdict.ADMITTED;
        }
        return mode == Mode.ONLINE
                ? new Verdict(Decision.DENIED, check, null)
                : new Verdict(Decision.ADMITTED, null, check);
    }

    /** The business day a scan counts on: its session's, else its Asia/Shanghai date. */
    public static LocalDate businessDay(Optional<Session.Occurrence> running, Instant at) {
        return running.map(Session.Occurrence::day).orElseGet(() -> at.atZone(BusinessTime.ZONE).toLocalDate());
    }

    /** The key of the product's per-site limit: one admission per site and day, or per site for good. */
    public static String limitKey(SiteLimit limit, String site, LocalDate day) {
        return limit == SiteLimit.ONCE_PER_SITE_PER_DAY ? site + "/" + day : site;
    }

    /** Why a gate may not claim to have scanned at {@code scannedAt}, or null: not in the future, at most 7 days old. */
    public String scanTimeProblem(Instant scannedAt) {
        Instant now = clock.instant();
        if (scannedAt.isAfter(now.plus(PassVerifier.CLOCK_SKEW))) {
            return "is in the future";
        }
        if (scannedAt.isBefore(now.minus(MAX_AGE))) {
            return "is more than 7 days old";
        }
        return null;
    }
}
