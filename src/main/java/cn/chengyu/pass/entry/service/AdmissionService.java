package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.CardNumber;
import cn.chengyu.pass.db.MonthlyPartitions;
import cn.chengyu.pass.entry.AdmissionPolicy.Mode;
import cn.chengyu.pass.entry.AdmissionPolicy.Verdict;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.entry.AdmissionPolicy.Decision;
import cn.chengyu.pass.entry.CardRules;
import cn.chengyu.pass.entry.OfflineBatch;
import cn.chengyu.pass.entry.SiteRules;
import cn.chengyu.pass.entry.SiteRules.Charge;
import cn.chengyu.pass.entry.GateScan;
import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.ScanResult;
import cn.chengyu.pass.entry.ScannedCard;
import cn.chengyu.pass.entry.repository.AdmissionRepository.NewEntry;
import cn.chengyu.pass.entry.repository.AdmissionRepository.StoredEntry;
import cn.chengyu.pass.entry.repository.AdmissionRepository;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.settlement.service.PayableCounter;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.web.DatabaseFailures;
import cn.chengyu.pass.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private final MonthlyPartitions partitions;
    private final AdmissionConflicts conflicts;

    public AdmissionService(Pool pool, AdmissionRepository admissions, SiteRulesCache sites, PassVerifier passes,
                            AdmissionPolicy policy, GuessThrottle throttle, BatchTurns turns, BusinessTime time,
                            MeterRegistry metrics, PayableCounter payable, MonthlyPartitions partitions,
                            AdmissionConflicts conflicts) {
        this.pool = pool;
        this.partitions = partitions;
        this.conflicts = conflicts;
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

    /** One scan, one transaction. */
    public Uni<ScanResult> admit(String gate, String site, GateScan scan) {
        Instant now = time.now();
        Instant scannedAt = scan.scannedAt() == null ? now : scan.scannedAt();
        checkScan(scan.pass(), scan.cardNumber(), scannedAt, "");
        Timer.Sample sample = Timer.start(metrics);
        Scan judged = new Scan(scan.entryId(), site, gate, scan.pass(), scan.cardNumber(), scannedAt, scan.scannedAt() == null,
                now, scan.fingerprint());
        return refusedUnlessRecorded(gate, List.of(judged))
                // The site before the transaction: loading it may need a connection of its own, which must not
                // wait for the ones scans hold while they wait for it.
                .chain(recorded -> recorded != null ? Uni.createFrom().item(recorded.get(0))
                        : sites.get(site).chain(rules -> inTransaction(connection -> judge(connection, rules, judged, null))))
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
            scans.add(new Scan(item.entryId(), site, gate, item.pass(), item.cardNumber(), item.scannedAt(), false, now,
                    item.fingerprint()));
        }
        // A pass is verified once, whatever the transaction's attempts: its signature does not change.
        List<PassVerifier.Outcome> verified = scans.stream()
                .map(scan -> scan.pass() == null ? null : passes.verify(scan.pass(), scan.scannedAt())).toList();
        AtomicReference<GuessThrottle.Counted> guessesCounted = new AtomicReference<>();
        AtomicBoolean moved = new AtomicBoolean();
        return refusedUnlessRecorded(gate, scans)
                .chain(recorded -> recorded != null ? Uni.createFrom().item(recorded)
                        : turns.inTurn(site, timeLeft -> inTransaction(connection -> admissions.lockSiteForBatch(connection, site, timeLeft)
                        .chain(() -> judgeBatch(connection, gate, site, scans, verified, now, guessesCounted, moved.get())
                                .onFailure(ChangedMeanwhile.class).invoke(() -> moved.set(true))
                                .onFailure(DatabaseFailures::lockWaitTimedOut).transform(timedOut -> new GaveWay())))))
                .invoke(results -> results.forEach(item -> count(site, "OFFLINE_" + item.decision(), item.conflict())))
                // a batch that was counted but not recorded (it gave way, the database failed) will be sent again
                .onFailure(failure -> guessesCounted.get() != null).call(failure -> throttle.takeBack(guessesCounted.get()));
    }

    /**
     * A batch judged as a whole ({@link OfflineBatch}) in a few statements: what it needs is read in
     * two rounds (stored entries, site and cards; then the limit keys, bookings and counters they
     * name, the counters taken), and what it decided is written in one. A scan already recorded
     * answers what it answered; results come in the order sent. The batch's new scans of numbers no
     * card has count against the gate's guessing limit before anything is written (a 429 records nothing).
     */
    private Uni<List<ScanResult>> judgeBatch(SqlConnection connection, String gate, String site, List<Scan> scans,
                                             List<PassVerifier.Outcome> verified, Instant now,
                                             AtomicReference<GuessThrottle.Counted> guessesCounted,
                                             boolean anywhere) {
        List<String> numbers = scans.stream().map(Scan::cardNumber).filter(Objects::nonNull).distinct().toList();
        List<UUID> ids = verified.stream().filter(outcome -> outcome != null && outcome.valid())
                .map(PassVerifier.Outcome::cardId).distinct().toList();
        // An attempt after one that found what it read changed (an entry id taken, perhaps) looks for the ids wherever they were recorded.
        return Uni.combine().all().unis(recorded(connection, scans, anywhere),
                        admissions.findSite(connection, site), admissions.findCards(connection, numbers, ids)).asTuple()
                .flatMap(read -> {
                    Map<String, CardRules> byNumber = new HashMap<>();
                    Map<UUID, CardRules> byId = new HashMap<>();
                    read.getItem3().forEach(card -> {
                        byNumber.put(card.number(), card);
                        byId.put(card.id(), card);
                    });
                    Map<UUID, ScanResult> answers = new HashMap<>();
                    Map<UUID, Scan> sent = new HashMap<>();
                    List<OfflineBatch.Scan> fresh = new ArrayList<>();
                    int unknownNumbers = 0;
                    for (int i = 0; i < scans.size(); i++) {
                        Scan scan = scans.get(i);
                        StoredEntry before = read.getItem1().get(scan.entryId());
                        Scan first = sent.putIfAbsent(scan.entryId(), scan);
                        if (before != null) {
                            answers.put(scan.entryId(), replay(before, scan));
                        } else if (first != null) {
                            sameBody(first.hash(), scan);
                        } else {
                            PassVerifier.Outcome pass = verified.get(i);
                            CardRules card = pass == null ? byNumber.get(scan.cardNumber()) : byId.get(pass.cardId());
                            unknownNumbers += pass == null && card == null ? 1 : 0;
                            fresh.add(resolve(scan, pass, card));
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(answers);
                    }
                    SiteRules rules = read.getItem2();
                    if (rules == null) {
                        throw ProblemException.notFound("No site with code '" + site + "'.");
                    }
                    return countGuesses(gate, unknownNumbers, guessesCounted)
                            .chain(() -> record(connection, gate, rules, fresh, now)).invoke(answers::putAll).replaceWith(answers);
                })
                .map(answers -> scans.stream().map(scan -> answers.get(scan.entryId())).toList());
    }

    /**
     * Null when the scans are to be judged. A gate over its guessing limit ({@link GuessThrottle}) is
     * refused card-number scans (429), unless every scan sent was recorded already: the retry of an
     * answer the gate lost then answers what was recorded, as any replay does.
     */
    private Uni<List<ScanResult>> refusedUnlessRecorded(String gate, List<Scan> scans) {
        if (scans.stream().allMatch(scan -> scan.cardNumber() == null)) {
            return Uni.createFrom().nullItem();
        }
        return throttle.check(gate).onItem().<List<ScanResult>>transform(allowed -> null)
                .onFailure(GuessThrottle::refused).recoverWithUni(refused -> recorded(pool, scans, false)
                        .flatMap(stored -> scans.stream().allMatch(scan -> stored.containsKey(scan.entryId()))
                                ? Uni.createFrom().item(scans.stream().map(scan -> replay(stored.get(scan.entryId()), scan)).toList())
                                : Uni.createFrom().failure(refused)));
    }

    /**
     * The entries recorded under the scans' ids: around the scans' business days (a scan's business day is
     * its date at the site, or the day before for a session past midnight), or in every month when {@code anywhere}.
     */
    private Uni<Map<UUID, StoredEntry>> recorded(SqlClient client, List<Scan> scans, boolean anywhere) {
        List<LocalDate> dates = scans.stream().map(scan -> LocalDate.ofInstant(scan.scannedAt(), BusinessTime.ZONE)).sorted().toList();
        return admissions.findEntries(client, scans.stream().map(Scan::entryId).toList(), dates.get(0).minusDays(1),
                dates.get(dates.size() - 1), anywhere);
    }

    /** Counts a batch's new scans of numbers no card has against the gate's limit, once whatever its attempts. */
    private Uni<Void> countGuesses(String gate, int unknown, AtomicReference<GuessThrottle.Counted> counted) {
        return unknown == 0 || counted.get() != null ? Uni.createFrom().voidItem()
                : throttle.countBeforeBatch(gate, unknown).invoke(counted::set).replaceWithVoid();
    }

    /** A batch's new scan with the card it names, or why it names none usable. */
    private static OfflineBatch.Scan resolve(Scan scan, PassVerifier.Outcome pass, CardRules card) {
        Reason unresolved = pass != null && !pass.valid() ? Reason.PASS_INVALID
                : card == null ? Reason.CARD_UNKNOWN
                : pass != null && pass.expired() ? Reason.PASS_EXPIRED : null;
        return new OfflineBatch.Scan(scan.entryId(), scan.scannedAt(), scan.hash(), pass != null && !pass.valid() ? null : card,
                unresolved);
    }

    /** Judges a batch's new scans on what the database holds now and writes the outcome; answers their results. */
    private Uni<Map<UUID, ScanResult>> record(SqlConnection connection, String gate, SiteRules site,
                                              List<OfflineBatch.Scan> scans, Instant now) {
        Set<LocalDate> days = OfflineBatch.days(site, scans);
        List<UUID> lineages = scans.stream().filter(scan -> scan.card() != null).map(scan -> scan.card().lineageId())
                .distinct().toList();
        return Uni.combine().all().unis(admissions.holdCounts(connection, site.code(), days),
                        admissions.usedLimitKeys(connection, OfflineBatch.limitKeys(site, scans), Collections.min(days), Collections.max(days)),
                        admissions.openBookings(connection, site.code(), lineages, days)).asTuple()
                .flatMap(read -> {
                    OfflineBatch.Outcome outcome = OfflineBatch.judge(site, scans, read.getItem2(), read.getItem3(), read.getItem1());
                    return admissions.record(connection, site.code(), gate, site.province(), now, outcome).map(asRead -> {
                        if (!asRead) {
                            throw new ChangedMeanwhile();
                        }
                        payableOnCommit(connection, site.province(), outcome.entries().stream()
                                .filter(entry -> entry.line().status() == SettlementLine.Status.PAYABLE)
                                .mapToInt(entry -> entry.line().price().amountFen()).sum());
                        Map<UUID, ScanResult> results = new HashMap<>();
                        outcome.entries().forEach(entry -> results.put(entry.scan().entryId(), new ScanResult(entry.scan().entryId(),
                                site.code(), Decision.ADMITTED, null, entry.card() == null ? null : entry.card().summary(), now,
                                entry.conflict())));
                        return results;
                    });
                });
    }

    /**
     * Runs one attempt after another until one commits. Two requests can take the same rows in
     * opposite orders (an admission and a change of the card's status; a batch and a scan, where the
     * batch gives way first, see {@link GaveWay}); PostgreSQL then aborts one of them, which runs
     * again from the start; so does an attempt that found what it read changed before it wrote (see
     * {@link ChangedMeanwhile}), and one that wrote for a month whose partitions were not made yet,
     * once they are.
     */
    private <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work)
                // A write for a month not made yet makes it and runs again; one that cannot be made is a 503.
                .onFailure(failure -> MonthlyPartitions.missingFor(failure).isPresent()).recoverWithUni(missing -> partitions.makeFor(missing)
                        .onFailure().transform(cause -> ProblemException.busy("The month this request writes to could not be "
                                + "prepared; nothing was recorded. Send it again.", 1))
                        .onItem().transformToUni(made -> Uni.createFrom().<T>failure(missing)))
                .onFailure(this::lostToAnother).retry()
                .withBackOff(RETRY_BACKOFF, RETRY_BACKOFF.multipliedBy(10)).withJitter(0.5).atMost(RETRIES)
                .onFailure(ChangedMeanwhile.class).transform(changing -> ProblemException.busy(
                        "What this request reads kept changing while it was decided; nothing was recorded. "
                                + "Send it again.", 1))
                .onFailure(GaveWay.class).transform(waiting -> ProblemException.busy(
                        "What this batch writes was held by other requests each time it tried; nothing was recorded. Send it again.", 1));
    }

    /** Whether an attempt failed by losing to another request (it then runs again, up to {@link #RETRIES} times); counted. */
    private boolean lostToAnother(Throwable failure) {
        AdmissionConflicts.Cause cause = lostTo(failure);
        if (cause != null) {
            conflicts.count(cause);
        }
        return cause != null;
    }

    /** What an attempt lost to; null for a failure that ends the request. */
    private static AdmissionConflicts.Cause lostTo(Throwable failure) {
        if (failure instanceof ChangedMeanwhile) {
            return AdmissionConflicts.Cause.CHANGED;
        }
        if (failure instanceof GaveWay) {
            return AdmissionConflicts.Cause.GAVE_WAY;
        }
        if (MonthlyPartitions.missingFor(failure).isPresent()) {
            return AdmissionConflicts.Cause.MONTH;
        }
        String state = failure instanceof PgException pg ? pg.getSqlState() : null;
        return "40P01".equals(state) ? AdmissionConflicts.Cause.DEADLOCK
                : "40001".equals(state) ? AdmissionConflicts.Cause.SERIALIZATION : null;
    }

    /** A scan as judged; {@code timedOnArrival} when the gate sent no scannedAt (scannedAt is then its arrival). */
    private record Scan(UUID entryId, String site, String gate, String pass, String cardNumber, Instant scannedAt,
                        boolean timedOnArrival, Instant recordedAt, String hash) {
    }

    /**
     * A single scan: a replay answers what was stored; a new one is decided by the rules and the
     * database. {@code recordedAround} is the business day to look for a stored entry around, when the
     * entry id was found taken; null for a scan not yet tried.
     */
    private Uni<ScanResult> judge(SqlConnection connection, SiteRules site, Scan scan, LocalDate recordedAround) {
        return (recordedAround == null ? Uni.createFrom().<StoredEntry>nullItem()
                : admissions.findEntry(connection, scan.entryId(), recordedAround).flatMap(stored -> stored != null
                        ? Uni.createFrom().item(stored) : admissions.findEntryAnywhere(connection, scan.entryId())))
                .flatMap(stored -> {
                    if (stored != null) {
                        return Uni.createFrom().item(replay(stored, scan));
                    }
                    if (site == null) {
                        throw ProblemException.notFound("No site with code '" + scan.site() + "'.");
                    }
                    return resolveCard(connection, scan).flatMap(resolved -> decide(connection, scan, site, resolved));
                });
    }

    private static ScanResult replay(StoredEntry stored, Scan scan) {
        sameBody(stored.requestHash(), scan);
        return stored.result();
    }

    private static void sameBody(String recordedHash, Scan scan) {
        if (!recordedHash.equals(scan.hash())) {
            throw new ProblemException(422, "entry-id-reused", "Entry id reused",
                    "Entry " + scan.entryId() + " was already recorded with another body.", null);
        }
    }

    /** The card a scan names, or the reason it names none. */
    private record Resolved(CardRules card, Reason reason) {
    }

    private Uni<Resolved> resolveCard(SqlConnection connection, Scan scan) {
        if (scan.pass() != null) {
            PassVerifier.Outcome outcome = passes.verify(scan.pass(), scan.scannedAt());
            if (!outcome.valid()) {
                return Uni.createFrom().item(new Resolved(null, Reason.PASS_INVALID));
            }
            return admissions.findCardById(connection, outcome.cardId()).map(card -> new Resolved(card,
                    card == null ? Reason.CARD_UNKNOWN : outcome.expired() ? Reason.PASS_EXPIRED : null));
        }
        return admissions.findCardByNumber(connection, scan.cardNumber())
                .map(card -> new Resolved(card, card == null ? Reason.CARD_UNKNOWN : null));
    }

    private Uni<ScanResult> decide(SqlConnection connection, Scan scan, SiteRules site, Resolved resolved) {
        CardRules card = resolved.card();
        Optional<Session.Occurrence> running = Session.at(site.sessions(), scan.scannedAt());
        Reason cardReason = resolved.reason() != null ? resolved.reason() : card.reasonAt(scan.scannedAt());
        Reason failed = cardReason != null ? cardReason : AdmissionPolicy.siteReason(site.status(), running);
        LocalDate day = AdmissionPolicy.businessDay(running, scan.scannedAt());
        Uni<Void> repeatsWait = scan.timedOnArrival() && AdmissionRepository.atMonthsEdge(day)
                ? admissions.holdEntryId(connection, scan.entryId()) : Uni.createFrom().voidItem();
        if (failed != null) {
            return repeatsWait.chain(() -> deny(connection, scan, site, card, day, failed));
        }
        return repeatsWait.chain(() -> admit(connection, scan, site, card, day, running.orElseThrow().session()));
    }

    /** Records an admission the rules allow, unless the database refuses it (limit, capacity, booking). */
    private Uni<ScanResult> admit(SqlConnection connection, Scan scan, SiteRules site, CardRules card, LocalDate day,
                                  Session session) {
        String limitKey = AdmissionPolicy.limitKey(card.siteLimit(), site.code(), day);
        NewEntry admitted = entry(scan, card, Verdict.ADMITTED, day, limitKey);
        Charge payable = site.charge(card, day, null);
        return admissions.admit(connection, admitted, session.code(), payable).flatMap(admission -> {
            if (!admission.inserted()) {
                return admissions.findEntry(connection, scan.entryId(), day).flatMap(stored -> stored != null
                        ? Uni.createFrom().item(replay(stored, scan))
                        : deny(connection, scan, site, card, day, Reason.ALREADY_ENTERED));
            }
            if (!admission.withinLimit()) {
                return refuse(connection, scan, card, admitted, Reason.ALREADY_ENTERED);
            }
            if (admission.counted()) {
                activatedAsRead(card, scan.scannedAt(), admission.activated());
                payableOnCommit(connection, payable.province(), payable.price().amountFen());
                return Uni.createFrom().item(outcome(scan, Verdict.ADMITTED, card.summary()));
            }
            return refuse(connection, scan, card, admitted, admission.bookingRequired() ? Reason.NO_RESERVATION : Reason.SITE_FULL);
        });
    }

    /** Turns the admission just written, which the database refused for {@code reason}, into that denial. */
    private Uni<ScanResult> refuse(SqlConnection connection, Scan scan, CardRules card, NewEntry admitted, Reason reason) {
        Verdict refused = AdmissionPolicy.verdict(reason, Mode.ONLINE);
        return admissions.deny(connection, admitted, refused.reason()).map(ignored -> outcome(scan, refused, card.summary()));
    }

    /** Records a denied scan; when its entry id was taken meanwhile, answers what the winner recorded. */
    private Uni<ScanResult> deny(SqlConnection connection, Scan scan, SiteRules site, CardRules card, LocalDate day,
                                 Reason reason) {
        Verdict verdict = AdmissionPolicy.verdict(reason, Mode.ONLINE);
        return admissions.insertEntry(connection, entry(scan, card, verdict, day, null)).flatMap(inserted -> inserted
                ? guessed(connection, scan, reason).replaceWith(outcome(scan, verdict, card == null ? null : card.summary()))
                : judge(connection, site, scan, day));
    }

    /**
     * A number no card has counts against the gate's guessing limit when its denial is recorded (before
     * the answer, so that the gate's next scan sees it), and is taken back if that denial is then not
     * committed (the gate sends the scan again); a replay of a recorded scan does not count again.
     */
    private Uni<Void> guessed(SqlConnection connection, Scan scan, Reason reason) {
        return throttle.countUnknown(scan.gate(), reason == Reason.CARD_UNKNOWN && scan.cardNumber() != null ? 1 : 0)
                .invoke(counted -> {
                    if (counted != null) {
                        // (the throttle's Redis calls answer null rather than fail)
                        connection.transaction().completion().subscribe()
                                .with(committed -> { }, rolledBack -> throttle.takeBack(counted).subscribe().with(taken -> { }));
                    }
                })
                .replaceWithVoid();
    }

    /** Counts what became payable in a province once the transaction commits (an attempt rolled back counts nothing). */
    private void payableOnCommit(SqlConnection connection, Province province, int amountFen) {
        if (amountFen > 0) {
            connection.transaction().completion().subscribe().with(committed -> payable.add(province, amountFen), rolledBack -> { });
        }
    }

    /**
     * A first use must activate the card it read (see {@link CardRules#firstUseAt}). When it did not,
     * the card changed after it was read (activated by another gate, or suspended, revoked or replaced,
     * which waited for nothing but its row lock): the scan is judged again from the start, on what is there now.
     */
    private static void activatedAsRead(CardRules card, Instant scannedAt, boolean activated) {
        if (!activated && card.firstUseAt(scannedAt)) {
            throw new ChangedMeanwhile();
        }
    }

    /**
     * A batch's write waited longer than {@link AdmissionRepository#BATCH_ROW_WAIT} for a lock (most
     * likely a scan's, waiting in turn for the batch's counters); the transaction runs again.
     */
    private static final class GaveWay extends RuntimeException {
        GaveWay() {
            super("The batch gave way to a scan holding its rows", null, false, false);
        }
    }

    /** What an attempt read changed before it could write on it; the transaction runs again. */
    private static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile() {
            super("What the request read changed while it was decided", null, false, false);
        }
    }

    private static NewEntry entry(Scan scan, CardRules card, Verdict verdict, LocalDate day, String limitKey) {
        return new NewEntry(scan.entryId(), scan.site(), scan.gate(), card, verdict.decision(), verdict.reason(),
                day, scan.scannedAt(), scan.timedOnArrival(), scan.recordedAt(), scan.hash(), limitKey);
    }

    /** The result of a scan the rules gave {@code verdict}. */
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
