package cn.chengyu.pass.entry;

import cn.chengyu.pass.entry.AdmissionPolicy.Mode;
import cn.chengyu.pass.entry.AdmissionPolicy.Verdict;
import cn.chengyu.pass.entry.SiteRules.Charge;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The scans of one offline batch at one site judged together, in plain Java: each at its own
 * {@code scannedAt}, in that order, as if one by one, over what the database held when the batch
 * began (the cards, the limit keys their lineages already used, the site's bookings and day
 * counters). The gate already let every visitor in, so every scan is admitted; a check it fails is
 * its conflict (see {@link AdmissionPolicy#verdict}). What a scan does is seen by the later ones: a
 * card's first admission activates it, a limit key is used, a booking is used, a seat is taken.
 * The answer is everything to write, which the repository writes in a few statements.
 */
public final class OfflineBatch {

    /** A new scan of the batch, its card resolved: {@code card} null or {@code unresolved} set when it names none usable. */
    public record Scan(UUID entryId, Instant scannedAt, String hash, CardRules card, Reason unresolved) {
    }

    /** A key of a product's per-site limit a lineage has used. */
    public record LimitKey(UUID lineageId, String key) {
    }

    /** A booking at the site still to be used (a lineage has one a day at most), and when it was made. */
    public record Booking(UUID id, UUID lineageId, LocalDate day, String session, Instant bookedAt) {
    }

    /** A session's counter on a day: admissions counted and seats held by bookings (or what a batch adds to them). */
    public record Count(LocalDate day, String session, int admitted, int booked) {

        Count plus(int moreAdmitted, int moreBooked) {
            return new Count(day, session, admitted + moreAdmitted, booked + moreBooked);
        }
    }

    /** A new entry: always admitted offline, with its conflict, its limit key (null: none taken) and its settlement line. */
    public record Recorded(Scan scan, CardRules card, Reason conflict, LocalDate day, String limitKey, Charge line) {
    }

    /** A booking used by an entry. */
    public record Use(UUID bookingId, UUID entryId) {
    }

    /** A card activated by the batch: from {@code at}, valid until {@code validUntil}. */
    public record Activation(UUID cardId, Instant at, Instant validUntil) {
    }

    /** What the batch writes: its entries (in scan order), the bookings used, what each counter gains, the cards activated. */
    public record Outcome(List<Recorded> entries, List<Use> uses, List<Count> added, List<Activation> activations) {
    }

    private final SiteRules site;
    private final Set<LimitKey> used;
    private final Map<String, Booking> bookings = new HashMap<>();
    private final Map<String, Count> counts = new HashMap<>();
    private final Map<String, Count> added = new LinkedHashMap<>();
    private final Map<UUID, CardRules> cards = new HashMap<>();
    private final Map<UUID, Activation> activations = new LinkedHashMap<>();
    private final List<Recorded> entries = new ArrayList<>();
    private final List<Use> uses = new ArrayList<>();

    private OfflineBatch(SiteRules site, Set<LimitKey> used, List<Booking> bookings, List<Count> counts) {
        this.site = site;
        this.used = new HashSet<>(used);
        bookings.forEach(booking -> this.bookings.put(bookingKey(booking.lineageId(), booking.day()), booking));
        counts.forEach(count -> this.counts.put(key(count.day(), count.session()), count));
    }

    /**
     * Judges {@code scans} (each entry id once) at {@code site}, in {@code scannedAt} order, given the
     * limit keys already {@code used}, the site's open {@code bookings} (one per lineage and day at
     * most) and its counters as {@code counts} (a counter not given is 0 and 0).
     */
    public static Outcome judge(SiteRules site, List<Scan> scans, Set<LimitKey> used, List<Booking> bookings,
                                List<Count> counts) {
        OfflineBatch batch = new OfflineBatch(site, used, bookings, counts);
        scans.stream().sorted(Comparator.comparing(Scan::scannedAt)).forEach(batch::admit);
        return new Outcome(List.copyOf(batch.entries), List.copyOf(batch.uses), List.copyOf(batch.added.values()),
                List.copyOf(batch.activations.values()));
    }

    /** The limit keys the scans of usable cards would take: what to ask the database which are used. */
    public static Set<LimitKey> limitKeys(SiteRules site, List<Scan> scans) {
        Set<LimitKey> keys = new HashSet<>();
        for (Scan scan : scans) {
            if (scan.card() != null) {
                keys.add(new LimitKey(scan.card().lineageId(),
                        AdmissionPolicy.limitKey(scan.card().siteLimit(), site.code(), businessDay(site, scan))));
            }
        }
        return keys;
    }

    /** The business days the scans fall on: whose bookings and counters the batch needs. */
    public static Set<LocalDate> days(SiteRules site, List<Scan> scans) {
        Set<LocalDate> days = new HashSet<>();
        scans.forEach(scan -> days.add(businessDay(site, scan)));
        return days;
    }

    /** The business day a scan counts on at the site: its session's, else its date (see {@link AdmissionPolicy#businessDay}). */
    private static LocalDate businessDay(SiteRules site, Scan scan) {
        return AdmissionPolicy.businessDay(Session.at(site.sessions(), scan.scannedAt()), scan.scannedAt());
    }

    private void admit(Scan scan) {
        CardRules card = scan.card() == null ? null : cards.getOrDefault(scan.card().id(), scan.card());
        Optional<Session.Occurrence> running = Session.at(site.sessions(), scan.scannedAt());
        Reason cardReason = scan.unresolved() != null ? scan.unresolved() : card.reasonAt(scan.scannedAt());
        Reason failed = cardReason != null ? cardReason : AdmissionPolicy.siteReason(site.status(), running);
        LocalDate day = AdmissionPolicy.businessDay(running, scan.scannedAt());
        // Outside every session an offline admission counts against the site's first session of its day.
        String session = running.map(occurrence -> occurrence.session().code()).orElse(site.sessions().get(0).code());
        if (failed != null) {
            record(scan, card, failed, day, null);
            countRegardless(scan, card, day, session);
            if (cardReason == null) {
                activate(card, scan.scannedAt());
            }
            return;
        }
        LimitKey key = new LimitKey(card.lineageId(), AdmissionPolicy.limitKey(card.siteLimit(), site.code(), day));
        if (!used.add(key)) {
            record(scan, card, Reason.ALREADY_ENTERED, day, null);
            countRegardless(scan, card, day, session);
            return;
        }
        Session rule = running.orElseThrow().session();
        Booking booking = bookings.get(bookingKey(card.lineageId(), day));
        Count count = counts.getOrDefault(key(day, session), new Count(day, session, 0, 0));
        Reason refused = null;
        if (booking != null && booking.session().equals(session)) {
            use(booking, scan);
            count(day, session, 1, -1);
            // Reservations are judged at scannedAt: one made later was not there when the gate let the visitor
            // in, who entered a session that needs one without it (the seat is the visitor's all the same).
            // A gate's clock may run a little behind the service's, which times bookings.
            refused = rule.reservation() == ReservationRule.REQUIRED
                    && booking.bookedAt().isAfter(scan.scannedAt().plus(PassVerifier.CLOCK_SKEW)) ? Reason.NO_RESERVATION : null;
            record(scan, card, refused, day, key.key());
        } else if (rule.reservation() != ReservationRule.REQUIRED && count.admitted() + count.booked() < rule.capacity()) {
            count(day, session, 1, 0);
            record(scan, card, null, day, key.key());
        } else {
            refused = rule.reservation() == ReservationRule.REQUIRED ? Reason.NO_RESERVATION : Reason.SITE_FULL;
            record(scan, card, refused, day, key.key());
            countRegardless(scan, card, day, session);
        }
        activate(card, scan.scannedAt());
    }

    /** The visitor is inside: the admission counts whatever the capacity, in the session of the card's booking that day if it has one. */
    private void countRegardless(Scan scan, CardRules card, LocalDate day, String session) {
        Booking booking = card == null ? null : bookings.get(bookingKey(card.lineageId(), day));
        if (booking != null) {
            use(booking, scan);
            count(day, booking.session(), 1, -1);
        } else {
            count(day, session, 1, 0);
        }
    }

    private void use(Booking booking, Scan scan) {
        bookings.remove(bookingKey(booking.lineageId(), booking.day()));
        uses.add(new Use(booking.id(), scan.entryId()));
    }

    private void count(LocalDate day, String session, int admitted, int booked) {
        String key = key(day, session);
        counts.merge(key, new Count(day, session, admitted, booked), (now, more) -> now.plus(admitted, booked));
        added.merge(key, new Count(day, session, admitted, booked), (sum, more) -> sum.plus(admitted, booked));
    }

    private void activate(CardRules card, Instant at) {
        if (card.firstUseAt(at)) {
            CardRules active = card.activated(at);
            cards.put(card.id(), active);
            activations.put(card.id(), new Activation(card.id(), at, active.validUntil()));
        }
    }

    private void record(Scan scan, CardRules card, Reason conflict, LocalDate day, String limitKey) {
        Verdict verdict = AdmissionPolicy.verdict(conflict, Mode.OFFLINE);
        entries.add(new Recorded(scan, card, verdict.conflict(), day, limitKey, site.charge(card, day, verdict.conflict())));
    }

    /** A lineage holds one live booking at a site a day at most. */
    private static String bookingKey(UUID lineageId, LocalDate day) {
        return lineageId + "/" + day;
    }

    private static String key(LocalDate day, String session) {
        return day + "/" + session;
    }
}
