package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.CardNumber;
import cn.chengyu.pass.entry.AdmissionPolicy.Mode;
import cn.chengyu.pass.entry.AdmissionPolicy.Verdict;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.entry.GateScan;
import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.ScanResult;
import cn.chengyu.pass.entry.ScannedCard;
import cn.chengyu.pass.entry.repository.AdmissionRepository.CardRules;
import cn.chengyu.pass.entry.repository.AdmissionRepository.NewEntry;
import cn.chengyu.pass.entry.repository.AdmissionRepository.SiteRules;
import cn.chengyu.pass.entry.repository.AdmissionRepository.StoredEntry;
import cn.chengyu.pass.entry.repository.AdmissionRepository;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.settlement.Pricing;
import cn.chengyu.pass.settlement.service.PayableCounter;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Decides gate scans, exactly once: reads what a scan needs, asks {@link AdmissionPolicy} what the
 * rules make of it, and records the decision with the database deciding the per-site limit and the
 * day's capacity (so replicas and retries cannot admit twice). Every decision is recorded.
 */
@ApplicationScoped
public class AdmissionService {

    private static final Duration RETRY_BACKOFF = Duration.ofMillis(20);
    private static final int RETRIES = 5;

    private final Pool pool;
    private final AdmissionRepository admissions;
    private final PassVerifier passes;
    private final AdmissionPolicy policy;
    private final GuessThrottle throttle;
    private final BatchTurns turns;
    private final BusinessTime time;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final PayableCounter payable;
    private final SiteRulesCache sites;

    public AdmissionService(Pool pool, AdmissionRepository admissions, SiteRulesCache sites, PassVerifier passes,
                            AdmissionPolicy policy, GuessThrottle throttle, BatchTurns turns, BusinessTime time,
                            MeterRegistry metrics, PayableCounter payable) {
        this.pool = pool;
        this.admissions = admissions;
        this.sites = sites;
        this.passes = passes;
        this.policy = policy;
        this.throttle = throttle;
        this.turns = turns;
        this.time = time;
        this.metrics = metrics;
        this.payable = payable;
        this.latency = Timer.builder("chengyu.scan.latency").description("Time to decide one online scan")
                .publishPercentileHistogram().register(metrics);
    }

    /**
     * What a scan reads before it is decided. A single scan reads it statement by statement; a
     * batch reads the stored entries, its site and its cards once for all its scans.
     */
    private interface Lookup {
        Uni<StoredEntry> entry(SqlConnection connection, UUID entryId);

        Uni<SiteRules> site(SqlConnection connection, String code);

        Uni<CardRules> cardByNumber(SqlConnection connection, String number);

        /** Told when a scan activated a card, so that later scans read from memory see it activated. */
        default void activated(CardRules card, Instant at) {
        }
    }

    /**
     * Reads the card and the stored entry from the database when they are needed; the site is the one
     * read before the transaction began (null: none). A first attempt does not look for a stored
     * entry: most scans are new, and the insert of a replay conflicts on its entry id, which sends it
     * to {@link #rejudge}, where the stored entry is read.
     */
    private Lookup direct(boolean replayed, SiteRules site) {
        return new Lookup() {
            public Uni<StoredEntry> entry(SqlConnection connection, UUID entryId) {
                return replayed ? admissions.findEntry(connection, entryId) : Uni.createFrom().nullItem();
            }

            public Uni<SiteRules> site(SqlConnection connection, String code) {
                return Uni.createFrom().item(site);
            }

            public Uni<CardRules> cardByNumber(SqlConnection connection, String number) {
                return admissions.findCardByNumber(connection, number);
            }
        };
    }

    /** Reads a batch's stored entries, site and cards up front, in three statements. */
    private Uni<Lookup> preloaded(SqlConnection connection, String site, List<Scan> scans) {
        List<String> numbers = scans.stream().map(Scan::cardNumber).filter(Objects::nonNull).distinct().toList();
        return admissions.findEntries(connection, scans.stream().map(Scan::entryId).toList()).flatMap(entries ->
                admissions.findSite(connection, site).flatMap(rules ->
                        admissions.findCardsByNumbers(connection, numbers).map(cards -> new Lookup() {
                            public Uni<StoredEntry> entry(SqlConnection c, UUID entryId) {
                                return Uni.createFrom().item(entries.get(entryId));
                            }

                            public Uni<SiteRules> site(SqlConnection c, String code) {
                                return Uni.createFrom().item(rules);
                            }

                            public Uni<CardRules> cardByNumber(SqlConnection c, String number) {
                                return Uni.createFrom().item(cards.get(number));
                            }

                            @Override
                            public void activated(CardRules card, Instant at) {
                                cards.computeIfPresent(card.number(),
                                        (number, read) -> read.activatedAt() == null ? read.activated(at) : read);
                            }
                        })));
    }

    /** One scan, one transaction. */
    public Uni<ScanResult> admit(String gate, String site, GateScan scan) {
        Instant now = time.now();
        Instant scannedAt = scan.scannedAt() == null ? now : scan.scannedAt();
        checkScan(scan.pass(), scan.cardNumber(), scannedAt, "");
        Timer.Sample sample = Timer.start(metrics);
        boolean byNumber = scan.cardNumber() != null;
        return (byNumber ? throttle.check(gate) : Uni.createFrom().voidItem())
                // The site before the transaction: loading it may need a connection of its own, which must not
                // wait for the ones scans hold while they wait for it.
                .chain(() -> sites.get(site))
                .chain(rules -> inTransaction(connection -> judge(connection, direct(false, rules), new Scan(scan.entryId(), site, gate,
                        scan.pass(), scan.cardNumber(), scannedAt, now, scan.fingerprint()), Mode.ONLINE)))
                .call(result -> throttle.countUnknown(gate, byNumber && result.reason() == Reason.CARD_UNKNOWN ? 1 : 0))
                .invoke(result -> {
                    sample.stop(latency);
                    count(site, result.decision().name(), result.reason());
                });
    }

    /**
     * Offline scans, judged each at its own time, all in one transaction: all recorded or none.
     * Batches of a site take turns before they borrow a connection (a 503 after a bounded wait),
     * and a batch's unknown card numbers count against the gate's guessing limit before it runs.
     */
    public Uni<List<ScanResult>> admitOffline(String gate, String site, List<GateScan> batch) {
        Instant now = time.now();
        List<Scan> scans = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            GateScan item = batch.get(i);
            checkScan(item.pass(), item.cardNumber(), item.scannedAt(), "entries[" + i + "].");
            scans.add(new Scan(item.entryId(), site, gate, item.pass(), item.cardNumber(), item.scannedAt(), now,
                    item.fingerprint()));
        }
        List<Scan> byNumber = scans.stream().filter(scan -> scan.cardNumber() != null).toList();
        Uni<Void> guarded = byNumber.isEmpty() ? Uni.createFrom().voidItem() : throttle.check(gate);
        return guarded.chain(() -> turns.inTurn(site, timeLeft -> countGuesses(gate, byNumber)
                        .chain(() -> inTransaction(connection -> admissions.lockSiteForBatch(connection, site, timeLeft)
                                .chain(() -> preloaded(connection, site, scans))
                                .flatMap(lookup -> judgeInOrder(connection, lookup, scans))))))
                .invoke(results -> results.forEach(item -> count(site, "OFFLINE_" + item.decision(), item.conflict())));
    }

    /** Counts a batch's scans of numbers no card has (those not recorded before) against the gate's limit. */
    private Uni<Void> countGuesses(String gate, List<Scan> byNumber) {
        if (byNumber.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return admissions.countUnknownNumbers(byNumber.stream().map(Scan::entryId).toList(),
                        byNumber.stream().map(Scan::cardNumber).toList())
                .chain(unknown -> throttle.countBeforeBatch(gate, unknown));
    }

    /** A batch's scans judged one after another, in the order sent. */
    private Uni<List<ScanResult>> judgeInOrder(SqlConnection connection, Lookup lookup, List<Scan> scans) {
        return Multi.createFrom().iterable(scans)
                .onItem().transformToUniAndConcatenate(scan -> judge(connection, lookup, scan, Mode.OFFLINE))
                .collect().asList();
    }

    /**
     * Runs one attempt after another until one commits. Two batches at a site, or a batch and a
     * scan, can take the same rows (a card, the site's day, a limit key) in opposite orders;
     * PostgreSQL then aborts one of them, which runs again from the start; so does a first
     * admission whose card changed after it was read.
     */
    private <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work)
                .onFailure(AdmissionService::lostToAnother).retry()
                .withBackOff(RETRY_BACKOFF, RETRY_BACKOFF.multipliedBy(10)).withJitter(0.5).atMost(RETRIES)
                .onFailure(CardChangedMeanwhile.class).transform(changing -> ProblemException.busy(
                        "The cards of this request kept changing while it was decided; nothing was recorded. "
                                + "Send it again.", 1));
    }

    private static boolean lostToAnother(Throwable failure) {
        return failure instanceof CardChangedMeanwhile
                || failure instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    private record Scan(UUID entryId, String site, String gate, String pass, String cardNumber, Instant scannedAt,
                        Instant recordedAt, String hash) {
    }

    private Uni<ScanResult> judge(SqlConnection connection, Lookup lookup, Scan scan, Mode mode) {
        return lookup.entry(connection, scan.entryId()).flatMap(stored -> stored != null
                ? Uni.createFrom().item(replay(stored, scan))
                : lookup.site(connection, scan.site())
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("No site with code '" + scan.site() + "'."))
                        .flatMap(site -> resolveCard(connection, lookup, scan).flatMap(resolved ->
                                decide(connection, lookup, scan, site, resolved, mode))));
    }

    /** After an insert lost a race for its entry id: what the winner recorded. */
    private Uni<ScanResult> rejudge(SqlConnection connection, SiteRules site, Scan scan, Mode mode) {
        return judge(connection, direct(true, site), scan, mode);
    }

    private static ScanResult replay(StoredEntry stored, Scan scan) {
        if (!stored.requestHash().equals(scan.hash())) {
            throw new ProblemException(422, "entry-id-reused", "Entry id reused",
                    "Entry " + scan.entryId() + " was already recorded with another body.", null);
        }
        return stored.result();
    }

    /** The card a scan names, or the reason it names none. */
    private record Resolved(CardRules card, Reason reason) {
    }

    private Uni<Resolved> resolveCard(SqlConnection connection, Lookup lookup, Scan scan) {
        if (scan.pass() != null) {
            PassVerifier.Outcome outcome = passes.verify(scan.pass(), scan.scannedAt());
            if (!outcome.valid()) {
                return Uni.createFrom().item(new Resolved(null, Reason.PASS_INVALID));
            }
            return admissions.findCardById(connection, outcome.cardId()).map(card -> new Resolved(card,
                    card == null ? Reason.CARD_UNKNOWN : outcome.expired() ? Reason.PASS_EXPIRED : null));
        }
        return lookup.cardByNumber(connection, scan.cardNumber())
                .map(card -> new Resolved(card, card == null ? Reason.CARD_UNKNOWN : null));
    }

    private Uni<ScanResult> decide(SqlConnection connection, Lookup lookup, Scan scan, SiteRules site, Resolved resolved,
                                Mode mode) {
        CardRules card = resolved.card();
        Optional<Session.Occurrence> running = Session.at(site.sessions(), scan.scannedAt());
        Reason cardReason = resolved.reason() != null ? resolved.reason() : AdmissionPolicy.cardReason(card.status(),
                card.activationDeadline(), card.activatedAt(), card.validUntil(), scan.scannedAt());
        Reason failed = cardReason != null ? cardReason : AdmissionPolicy.siteReason(site.status(), running);
        LocalDate day = AdmissionPolicy.businessDay(running, scan.scannedAt());
        // Outside every session an offline admission counts against the site's first session of its day.
        String sessionCode = running.map(occurrence -> occurrence.session().code()).orElse(site.sessions().get(0).code());
        ScannedCard summary = card == null ? null : card.summary();
        if (failed != null) {
            Verdict verdict = AdmissionPolicy.verdict(failed, mode);
            NewEntry recorded = entry(scan, card, verdict, day, null);
            return admissions.insertEntry(connection, recorded).flatMap(inserted -> {
                if (!inserted) {
                    return rejudge(connection, site, scan, mode);
                }
                // Offline, the visitor is inside: the admission counts (a disputed line), and a usable card's first one activates it.
                Uni<Void> counted = mode == Mode.OFFLINE
                        ? admissions.countRegardless(connection, recorded, sessionCode, charge(site, card, day, verdict.conflict()))
                        : Uni.createFrom().voidItem();
                Uni<Void> activated = mode == Mode.OFFLINE && cardReason == null
                        ? activateIfFirst(connection, lookup, card, scan) : Uni.createFrom().voidItem();
                return counted.call(() -> activated).map(ignored -> outcome(scan, verdict, summary));
            });
        }
        Session session = running.orElseThrow().session();
        String limitKey = AdmissionPolicy.limitKey(card.siteLimit(), site.code(), day);
        NewEntry admitted = entry(scan, card, Verdict.ADMITTED, day, limitKey);
        AdmissionRepository.Charge payable = charge(site, card, day, null);
        return admissions.admit(connection, admitted, session.code(), payable).flatMap(admission -> {
            if (!admission.inserted()) {
                return admissions.findEntry(connection, scan.entryId()).flatMap(stored -> stored != null
                        ? Uni.createFrom().item(replay(stored, scan))
                        : alreadyEntered(connection, scan, site, card, day, sessionCode, mode));
            }
            if (admission.counted()) {
                activatedAsRead(lookup, card, scan, admission.activated());
                payableOnCommit(connection, payable);
                return Uni.createFrom().item(outcome(scan, Verdict.ADMITTED, summary));
            }
            Verdict refused = AdmissionPolicy.verdict(admission.bookingRequired()
                    ? Reason.NO_RESERVATION : Reason.SITE_FULL, mode);
            if (refused.admitted()) {
                return admissions.markConflict(connection, scan.entryId(), refused.conflict())
                        .call(() -> admissions.countRegardless(connection, admitted, sessionCode,
                                charge(site, card, day, refused.conflict())))
                        .call(() -> activateIfFirst(connection, lookup, card, scan))
                        .map(ignored -> outcome(scan, refused, summary));
            }
            return admissions.deny(connection, scan.entryId(), refused.reason())
                    .map(ignored -> outcome(scan, refused, summary));
        });
    }

    private Uni<ScanResult> alreadyEntered(SqlConnection connection, Scan scan, SiteRules site, CardRules card, LocalDate day,
                                          String sessionCode, Mode mode) {
        Verdict verdict = AdmissionPolicy.verdict(Reason.ALREADY_ENTERED, mode);
        NewEntry recorded = entry(scan, card, verdict, day, null);
        return admissions.insertEntry(connection, recorded).flatMap(inserted -> {
            if (!inserted) {
                return rejudge(connection, site, scan, mode);
            }
            Uni<Void> counted = mode == Mode.OFFLINE
                    ? admissions.countRegardless(connection, recorded, sessionCode, charge(site, card, day, verdict.conflict()))
                    : Uni.createFrom().voidItem();
            return counted.map(ignored -> outcome(scan, verdict, card.summary()));
        });
    }

    /** The settlement line of an admission at {@code site}: priced by its tariffs, DISPUTED when it stands on a conflict. */
    private static AdmissionRepository.Charge charge(SiteRules site, CardRules card, LocalDate day, Reason conflict) {
        return card == null
                ? new AdmissionRepository.Charge(site.province(), null, null, Pricing.Price.NONE, conflict)
                : new AdmissionRepository.Charge(site.province(), card.productCode(), card.category(),
                        site.pricing().price(card.productCode(), card.category(), day), conflict);
    }

    /** Counts what became payable, by province, once the admission's transaction commits (a retry counts once). */
    private void payableOnCommit(SqlConnection connection, AdmissionRepository.Charge charge) {
        if (charge.price().amountFen() > 0) {
            connection.transaction().completion().subscribe().with(
                    committed -> payable.add(charge.province(), charge.price().amountFen()), rolledBack -> { });
        }
    }

    private Uni<Void> activateIfFirst(SqlConnection connection, Lookup lookup, CardRules card, Scan scan) {
        if (card.activatedAt() != null) {
            return Uni.createFrom().voidItem();
        }
        return admissions.activate(connection, card, scan.scannedAt())
                .invoke(activated -> activatedAsRead(lookup, card, scan, activated)).replaceWithVoid();
    }

    /**
     * A first admission must activate the card it read. When it did not, the card changed after it
     * was read (activated by another gate, or suspended, revoked or replaced, which waited for
     * nothing but its row lock): the scan is judged again from the start, on what is there now.
     */
    private static void activatedAsRead(Lookup lookup, CardRules card, Scan scan, boolean activated) {
        if (activated) {
            lookup.activated(card, scan.scannedAt());
        } else if (card.activatedAt() == null) {
            throw new CardChangedMeanwhile();
        }
    }

    /** The card a scan read changed before the scan could activate it; the transaction runs again. */
    private static final class CardChangedMeanwhile extends RuntimeException {
        CardChangedMeanwhile() {
            super("The card changed while its first admission was decided", null, false, false);
        }
    }

    private static NewEntry entry(Scan scan, CardRules card, Verdict verdict, LocalDate day, String limitKey) {
        return new NewEntry(scan.entryId(), scan.site(), scan.gate(), card, verdict.decision(), verdict.reason(),
                verdict.conflict(), day, scan.scannedAt(), scan.recordedAt(), scan.hash(), limitKey);
    }

    /** The result of a scan the rules gave {@code verdict}, and an offline admission's conflict. */
    private static ScanResult outcome(Scan scan, Verdict verdict, ScannedCard card) {
        return new ScanResult(scan.entryId(), scan.site(), verdict.decision(), verdict.reason(), card, scan.recordedAt(),
                verdict.conflict());
    }

    /** Shape checks that make a scan a 400 rather than a decision. */
    private void checkScan(String pass, String cardNumber, Instant scannedAt, String prefix) {
        if ((pass == null) == (cardNumber == null)) {
            throw ProblemException.invalidField(prefix + "pass", "give exactly one of pass and cardNumber");
        }
        if (cardNumber != null && !CardNumber.isValid(cardNumber)) {
            throw ProblemException.invalidField(prefix + "cardNumber", "has a wrong check digit");
        }
        String timeProblem = policy.scanTimeProblem(scannedAt);
        if (timeProblem != null) {
            throw ProblemException.invalidField(prefix + "scannedAt", timeProblem);
        }
    }

    private void count(String site, String decision, Reason reason) {
        Counter.builder("chengyu.scans").description("Gate scans by site, decision and reason")
                .tag("site", site).tag("decision", decision).tag("reason", reason == null ? "none" : reason.name())
                .register(metrics).increment();
    }

}
