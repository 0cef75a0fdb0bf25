package cn.chengyu.pass.entry.repository;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.db.AdvisoryLocks;
import cn.chengyu.pass.db.LockWaits;
import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.entry.AdmissionPolicy.Decision;
import cn.chengyu.pass.entry.CardRules;
import cn.chengyu.pass.entry.OfflineBatch;
import cn.chengyu.pass.entry.OfflineBatch.Count;
import cn.chengyu.pass.entry.OfflineBatch.LimitKey;
import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.ScanResult;
import cn.chengyu.pass.entry.ScannedCard;
import cn.chengyu.pass.entry.SiteRules;
import cn.chengyu.pass.entry.SiteRules.Charge;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.repository.SessionRows;
import cn.chengyu.pass.settlement.Pricing;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.SiteStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The statements of gate scans, on the reactive client inside one transaction each: a scan is the
 * hottest path of the system, and its correctness rests on the unique index over admitted entries
 * and the conditional capacity update, not on anything held in memory; an offline batch is judged in
 * memory on counters it holds locked and written by statements that report whether the rest was still
 * as read ({@link #record}). It writes the entry table and the day counters, and activates cards in
 * the same statements (cards are on this client too, see {@link CardRepository}); it reads only what
 * a scan needs of a card, nothing personal.
 */
@ApplicationScoped
public class AdmissionRepository {

    /** First key of the two-key advisory locks of offline batches (the second is the site). */
    private static final int BATCH_LOCK_SPACE = 7310002;
    /** The longest a batch's writes wait for a lock before the batch gives way and runs again (see {@link #record}). */
    public static final Duration BATCH_ROW_WAIT = Duration.ofMillis(200);
    /** First key of the advisory locks on an entry id (the second is its hash), see {@link #holdEntryId}. */
    private static final int ENTRY_ID_LOCK_SPACE = 7310005;

    private final Pool pool;

    public AdmissionRepository(Pool pool) {
        this.pool = pool;
    }

    /** An entry as stored, for answering a replay. */
    public record StoredEntry(ScanResult result, String requestHash) {
    }

    /** A new entry row; {@code timedOnArrival} when the gate sent no scannedAt (see {@link #looksAround}). */
    public record NewEntry(UUID entryId, String site, String gate, CardRules card, Decision decision, Reason reason,
                           LocalDate businessDay, Instant scannedAt, boolean timedOnArrival, Instant recordedAt,
                           String requestHash, String limitKey) {
    }

    /** What a scan needs of a card and its product: no holder, nothing personal. */
    private static final String CARD_COLUMNS = """
            SELECT c.id, c.number, c.product_code, c.status, c.category, c.issued_at, c.activation_deadline, c.activated_at,
                   c.valid_until, c.lineage_id, p.validity_hours, p.site_limit
            FROM card c JOIN product p ON p.code = c.product_code
            """;

    private static final String ENTRY_COLUMNS = """
            SELECT e.entry_id, e.site_code, e.decision, e.reason, e.conflict, e.recorded_at, e.request_hash,
                   c.number, c.product_code, c.category
            FROM entry e LEFT JOIN card c ON c.id = e.card_id
            """;

    /** Entries {@code e} of the months {@link #putWindow} gives, the only ones a statement on the parent table then reads. */
    private static final String IN_WINDOW = " AND e.business_day >= #{from} AND e.business_day < #{until}";

    /**
     * Whether the entry id is free in the months a repeat of the scan may have been recorded in (see
     * {@link #looksAround}); its own month's unique index sees that month only.
     */
    private static final String ENTRY_ID_FREE = "NOT EXISTS (SELECT 1 FROM entry e WHERE e.entry_id = #{entryId}" + IN_WINDOW + ")";

    private static final String INSERT_ENTRY_ROW = """
            INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, reason,
                               business_day, scanned_at, recorded_at, request_hash, limit_key)
            SELECT #{entryId}, #{site}, #{gate}, #{cardId}, #{lineageId}, #{decision}, #{reason},
                   #{day}, #{scannedAt}, #{recordedAt}, #{requestHash}, #{limitKey}""";

    private static final String INSERT_ENTRY = INSERT_ENTRY_ROW + " ON CONFLICT DO NOTHING";
    private static final String INSERT_ENTRY_LOOKING_AROUND = INSERT_ENTRY_ROW + " WHERE " + ENTRY_ID_FREE + " ON CONFLICT DO NOTHING";

    /**
     * A card's once-per-site limit (ONCE_PER_SITE products), taken for good by the entry just
     * inserted: it spans months, so it has a table of its own (migration V10); per-day limit keys are
     * unique within their month's entries. The entries that may go on ({@code allowed}) are those
     * inserted whose limit, if for good, was still free.
     */
    private static final String TAKE_LIFETIME_LIMIT = """
            INSERT INTO lifetime_limit (lineage_id, limit_key, entry_id) SELECT #{lineageId}, #{limitKey}, entry_id
            FROM inserted ON CONFLICT DO NOTHING""";

    /**
     * A card's first use ({@link CardRules#firstUseAt}: none yet, or only later ones, which an offline
     * scan uploaded late can come before): it is active from then, for its product's hours. Only a card
     * still usable is activated: one suspended, revoked or replaced after the scan
     * read it (a status change holds the card's row lock, this update waits for it) is left alone,
     * and the scan is judged again. It stays a heap-only update while no index on card names a column
     * it sets (migration V12; LeanGateWritesTest), and so does {@link #ACTIVATE_CARDS}.
     */
    private static final String ACTIVATE_CARD = """
            UPDATE card SET status = 'ACTIVE', activated_at = #{scannedAt}, valid_until = #{validUntil}, updated_at = now()
            WHERE id = #{cardId} AND (activated_at IS NULL OR activated_at > #{scannedAt} AND issued_at <= #{scannedAt})
              AND status IN ('ISSUED', 'ACTIVE')""";

    /**
     * The lineage's booking of the session at the site that day (one a day at most: a unique index)
     * becomes used by this entry, if it has one.
     */
    private static final String USE_BOOKING = """
            UPDATE reservation SET status = 'USED', used_entry_id = #{entryId}, updated_at = now(), version = txid_current()
            WHERE lineage_id = #{lineageId} AND site_code = #{site} AND day = #{day} AND status = 'BOOKED'
              AND session_code = #{session} AND EXISTS (SELECT 1 FROM allowed)""";

    /** The session's capacity and whether it needs a booking, as they are now (gates hold the rest of a site a moment). */
    private static final String SESSION_RULE = """
            SELECT capacity, reservation = 'REQUIRED' AS required FROM site_session
            WHERE site_code = #{site} AND code = #{session}""";

    /**
     * Counts an admission against the session's capacity: a booked visitor takes the seat the
     * booking held; a walk-in takes one of the seats left, unless the session needs a booking.
     */
    private static final String COUNT_WITHIN_CAPACITY = """
            INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
            SELECT #{site}, #{day}, #{session}, 1, 0 FROM allowed
            WHERE EXISTS (SELECT 1 FROM used) OR EXISTS (SELECT 1 FROM rule WHERE NOT required AND capacity > 0)
            ON CONFLICT (site_code, day, session_code) DO UPDATE
            SET admitted = site_day_admissions.admitted + 1, booked = site_day_admissions.booked - (SELECT count(*) FROM used)
            WHERE EXISTS (SELECT 1 FROM used)
               OR (SELECT NOT rule.required AND site_day_admissions.admitted + site_day_admissions.booked < rule.capacity
                   FROM rule)""";

    /**
     * The settlement line of an admitted entry, booked to its business day's month, or when that month
     * is closed to the next open one as an adjustment of it: {@code settlement_month} (migration V9)
     * picks the month under the month's advisory lock, which a close holds exclusive.
     */
    private static final String BOOK_LINE = """
            INSERT INTO settlement_line (entry_id, kind, site_code, province, business_day, month, adjustment_of,
                                         product_code, category, amount_fen, tariff_from, status, conflict, created_at)
            SELECT #{entryId}, 'ADMISSION', #{site}, #{province}, #{day}, booked.month,
                   CASE WHEN booked.month > #{month} THEN #{month} END,
                   #{productCode}, #{category}, #{amountFen}, #{tariffFrom}, #{lineStatus}, #{lineConflict}, #{recordedAt}
            FROM (SELECT settlement_month(#{month}) AS month) booked""";

    /**
     * {@link #admit}: the entry, the lifetime limit (if the product has one), the booking, the count,
     * the activation and the settlement line in one statement; four shapes, so that each names only
     * what it needs (a statement that reads the partitioned table locks every month of it).
     */
    private static final String ADMIT = admit(INSERT_ENTRY, false);
    private static final String ADMIT_FOR_GOOD = admit(INSERT_ENTRY, true);
    private static final String ADMIT_LOOKING_AROUND = admit(INSERT_ENTRY_LOOKING_AROUND, false);
    private static final String ADMIT_FOR_GOOD_LOOKING_AROUND = admit(INSERT_ENTRY_LOOKING_AROUND, true);

    private static String admit(String insertEntry, boolean forGood) {
        return "WITH inserted AS (" + insertEntry + " RETURNING entry_id"
                + (forGood ? "), once AS (" + TAKE_LIFETIME_LIMIT + " RETURNING 1" : "")
                + "), allowed AS (SELECT 1 FROM inserted" + (forGood ? " WHERE EXISTS (SELECT 1 FROM once)" : "")
                + "), used AS (" + USE_BOOKING + " RETURNING id"
                + "), rule AS (" + SESSION_RULE
                + "), counted AS (" + COUNT_WITHIN_CAPACITY + " RETURNING admitted"
                + "), activated AS (" + ACTIVATE_CARD + " AND EXISTS (SELECT 1 FROM counted) RETURNING id"
                + "), line AS (" + BOOK_LINE + " WHERE EXISTS (SELECT 1 FROM counted) RETURNING 1)"
                + " SELECT EXISTS (SELECT 1 FROM inserted) AS inserted, EXISTS (SELECT 1 FROM allowed) AS allowed,"
                + " EXISTS (SELECT 1 FROM used) AS used,"
                + " EXISTS (SELECT 1 FROM counted) AS counted, EXISTS (SELECT 1 FROM activated) AS activated,"
                + " coalesce((SELECT required FROM rule), false) AS required";
    }

    /**
     * The entry with this id, wherever it was recorded: where a write found the id taken but the
     * window around its day does not hold it (an id of the rows from before migration V10, which are
     * one partition of all their months, see README "Years of history").
     */
    public Uni<StoredEntry> findEntryAnywhere(SqlClient transaction, UUID entryId) {
        return NamedSql.run(transaction, ENTRY_COLUMNS + "WHERE e.entry_id = #{entryId}", Map.of("entryId", entryId))
                .map(rows -> Rows.first(rows, AdmissionRepository::toEntry));
    }

    /** The entry with this id recorded around {@code day} (where {@link #admit} and {@link #insertEntry} look for it). */
    public Uni<StoredEntry> findEntry(SqlClient transaction, UUID entryId, LocalDate day) {
        Map<String, Object> values = new HashMap<>();
        values.put("entryId", entryId);
        putWindow(values, day, day);
        return NamedSql.run(transaction, ENTRY_COLUMNS + "WHERE e.entry_id = #{entryId}" + IN_WINDOW,
                        values).map(rows -> Rows.first(rows, AdmissionRepository::toEntry));
    }

    /**
     * Whether writing {@code entry} must look for its id in other months than its own (see
     * {@link #putWindow}): a scan timed on arrival (no scannedAt) in the first seven days or on the
     * last day of a month, whose repeat may have been (or may be) recorded in the month next to it;
     * a scan the gate timed on the first day of a month, whose repeat (the same scannedAt) may count
     * on the day before if the site's sessions changed meanwhile (a session past midnight).
     */
    private static boolean looksAround(NewEntry entry) {
        if (!entry.timedOnArrival()) {
            return LocalDate.ofInstant(entry.scannedAt(), BusinessTime.ZONE).getDayOfMonth() == 1;
        }
        LocalDate day = entry.businessDay();
        YearMonth month = YearMonth.from(day);
        return !(YearMonth.from(day.minusDays(AdmissionPolicy.MAX_AGE.toDays())).equals(month)
                && YearMonth.from(day.plusDays(1)).equals(month));
    }

    /**
     * Whether an online scan timed by its arrival (no scannedAt) on {@code day} may race a repeat of
     * itself that arrives on the other side of a month's end: the two would be written to different
     * months, whose unique indexes do not see each other, and neither sees the other's uncommitted row.
     */
    public static boolean atMonthsEdge(LocalDate day) {
        return day.getDayOfMonth() == 1 || day.getDayOfMonth() == day.lengthOfMonth();
    }

    /**
     * Holds the entry id until the transaction ends, so that a repeat of the scan sent meanwhile
     * waits and then finds it recorded (see {@link #atMonthsEdge}): a statement of its own, as a
     * statement's snapshot is taken before any lock it waits for.
     */
    public Uni<Void> holdEntryId(SqlClient transaction, UUID entryId) {
        return NamedSql.run(transaction, "SELECT pg_advisory_xact_lock(#{space}, hashtext(#{entryId}))",
                Map.of("space", ENTRY_ID_LOCK_SPACE, "entryId", entryId.toString())).replaceWithVoid();
    }

    /**
     * Where an entry id is looked for, for entries of business days {@code first} to {@code last}: the
     * months from seven days before the first (the oldest scannedAt a gate may send) to the day after
     * the last: one partition, or two near a month's end. An entry's month has a unique index on the
     * id; a repeat without scannedAt sent up to seven days into the next month finds it there.
     */
    private static void putWindow(Map<String, Object> values, LocalDate first, LocalDate last) {
        values.put("from", first.minusDays(AdmissionPolicy.MAX_AGE.toDays()).withDayOfMonth(1));
        values.put("until", last.plusDays(1).withDayOfMonth(1).plusMonths(1));
    }

    /**
     * Holds the site's batch lock until commit. Batches at one site run one after another: two
     * batches over the same cards would otherwise wait on each other's rows until the database
     * aborts one of them (a deadlock costs a second before it is noticed). Single scans never take it.
     * Batches of one replica take turns before they get here (BatchTurns); the lock timeout (what is
     * left of the batch's 2 s) bounds the wait for another replica's batch, and a timed-out batch is
     * a 503 that records nothing.
     */
    public Uni<Void> lockSiteForBatch(SqlClient transaction, String site, Duration timeout) {
        return AdvisoryLocks.hold(transaction, BATCH_LOCK_SPACE, site, timeout);
    }

    /**
     * The stored entries among {@code entryIds} of business days {@code first} to {@code last}, in one
     * statement (a batch's replays; an offline scan's business day follows from its scannedAt), or
     * wherever they were recorded when {@code anywhere} (see {@link #findEntryAnywhere}).
     */
    public Uni<Map<UUID, StoredEntry>> findEntries(SqlClient transaction, List<UUID> entryIds, LocalDate first, LocalDate last,
                                                   boolean anywhere) {
        Map<String, Object> values = new HashMap<>();
        values.put("entryIds", entryIds.toArray(UUID[]::new));
        putWindow(values, first, last);
        return NamedSql.run(transaction, ENTRY_COLUMNS + "WHERE e.entry_id = ANY(#{entryIds})" + (anywhere ? "" : IN_WINDOW), values)
                .map(rows -> byKey(Rows.all(rows, AdmissionRepository::toEntry), stored -> stored.result().entryId()));
    }

    /** The cards with these numbers or ids, in one statement (a batch's cards). */
    public Uni<List<CardRules>> findCards(SqlClient transaction, List<String> numbers, List<UUID> ids) {
        return NamedSql.run(transaction, CARD_COLUMNS + "WHERE c.number = ANY(#{numbers}) OR c.id = ANY(#{ids})",
                        Map.of("numbers", numbers.toArray(String[]::new), "ids", ids.toArray(UUID[]::new)))
                .map(rows -> Rows.all(rows, AdmissionRepository::toCard));
    }

    /**
     * Takes the counters of the site's sessions on these days for the rest of the transaction (making
     * those still missing, at zero) and answers them: an offline batch judges capacity on them, and
     * an online scan of the site waits for the batch to commit. Counters are created in one order.
     */
    public Uni<List<Count>> holdCounts(SqlClient transaction, String site, Collection<LocalDate> days) {
        return NamedSql.run(transaction, """
                        INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
                        SELECT #{site}, d.day, s.code, 0, 0 FROM unnest(#{days}::date[]) AS d(day)
                        CROSS JOIN site_session s WHERE s.site_code = #{site} ORDER BY d.day, s.code
                        ON CONFLICT (site_code, day, session_code) DO UPDATE SET admitted = site_day_admissions.admitted
                        RETURNING day, session_code, admitted, booked""",
                        Map.of("site", site, "days", days.toArray(LocalDate[]::new)))
                .map(rows -> Rows.all(rows, row -> new Count(row.getLocalDate("day"), row.getString("session_code"),
                        row.getInteger("admitted"), row.getInteger("booked"))));
    }

    /**
     * Which of these limit keys their lineages have used, in one statement: a per-day key among the
     * entries of the batch's days {@code first} to {@code last}, a lifetime key in its table.
     */
    public Uni<Set<LimitKey>> usedLimitKeys(SqlClient transaction, Collection<LimitKey> keys, LocalDate first, LocalDate last) {
        Map<String, Object> values = new HashMap<>();
        values.put("lineageIds", keys.stream().map(LimitKey::lineageId).toArray(UUID[]::new));
        values.put("keys", keys.stream().map(LimitKey::key).toArray(String[]::new));
        putWindow(values, first, last);
        return NamedSql.run(transaction, """
                        WITH k AS (SELECT * FROM unnest(#{lineageIds}::uuid[], #{keys}::text[]) AS k(lineage_id, limit_key))
                        SELECT e.lineage_id, e.limit_key FROM k
                        JOIN entry e ON e.lineage_id = k.lineage_id AND e.limit_key = k.limit_key AND e.limit_key IS NOT NULL""" + IN_WINDOW + """
                         UNION SELECT l.lineage_id, l.limit_key FROM k
                        JOIN lifetime_limit l ON l.lineage_id = k.lineage_id AND l.limit_key = k.limit_key""", values)
                .map(rows -> new HashSet<>(Rows.all(rows, row -> new LimitKey(row.getUUID("lineage_id"), row.getString("limit_key")))));
    }

    /** The bookings these lineages hold at the site on these days, not yet used. */
    public Uni<List<OfflineBatch.Booking>> openBookings(SqlClient transaction, String site, Collection<UUID> lineageIds,
                                                        Collection<LocalDate> days) {
        return NamedSql.run(transaction, """
                        SELECT id, lineage_id, day, session_code, created_at FROM reservation
                        WHERE site_code = #{site} AND status = 'BOOKED' AND lineage_id = ANY(#{lineageIds}) AND day = ANY(#{days})""",
                        Map.of("site", site, "lineageIds", lineageIds.toArray(UUID[]::new), "days", days.toArray(LocalDate[]::new)))
                .map(rows -> Rows.all(rows, row -> new OfflineBatch.Booking(row.getUUID("id"), row.getUUID("lineage_id"),
                        row.getLocalDate("day"), row.getString("session_code"), Rows.instant(row, "created_at"))));
    }

    private static final String INSERT_ENTRIES = """
            INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, conflict, business_day,
                               scanned_at, recorded_at, request_hash, limit_key)
            SELECT e.entry_id, #{site}, #{gate}, e.card_id, e.lineage_id, 'ADMITTED', e.conflict, e.day, e.scanned_at,
                   #{recordedAt}, e.hash, e.limit_key
            FROM unnest(#{entryIds}::uuid[], #{cardIds}::uuid[], #{lineageIds}::uuid[], #{conflicts}::text[], #{days}::date[],
                        #{scannedAts}::timestamptz[], #{hashes}::text[], #{limitKeys}::text[])
                 AS e(entry_id, card_id, lineage_id, conflict, day, scanned_at, hash, limit_key)
            ON CONFLICT DO NOTHING""";

    private static final String USE_BOOKINGS = """
            UPDATE reservation r SET status = 'USED', used_entry_id = u.entry_id, updated_at = now(), version = txid_current()
            FROM unnest(#{ids}::uuid[], #{entryIds}::uuid[]) AS u(id, entry_id) WHERE r.id = u.id AND r.status = 'BOOKED'""";

    /** The counters were taken by {@link #holdCounts}: they exist and nobody else changes them. */
    private static final String ADD_COUNTS = """
            UPDATE site_day_admissions t SET admitted = t.admitted + c.admitted, booked = t.booked + c.booked
            FROM unnest(#{days}::date[], #{sessions}::text[], #{admitted}::int[], #{booked}::int[]) AS c(day, session, admitted, booked)
            WHERE t.site_code = #{site} AND t.day = c.day AND t.session_code = c.session""";

    private static final String ACTIVATE_CARDS = """
            UPDATE card c SET status = 'ACTIVE', activated_at = a.at, valid_until = a.until, updated_at = now()
            FROM unnest(#{ids}::uuid[], #{ats}::timestamptz[], #{untils}::timestamptz[]) AS a(id, at, until)
            WHERE c.id = a.id AND (c.activated_at IS NULL OR c.activated_at > a.at AND c.issued_at <= a.at)
              AND c.status IN ('ISSUED', 'ACTIVE')""";

    /** The lines of a batch's entries, each month looked up once by {@code settlement_month} (see {@link #BOOK_LINE}). */
    private static final String BOOK_LINES = """
            WITH months AS (SELECT m.month, settlement_month(m.month) AS booked
                            FROM (SELECT DISTINCT unnest(#{months}::date[]) AS month) m)
            INSERT INTO settlement_line (entry_id, kind, site_code, province, business_day, month, adjustment_of,
                                         product_code, category, amount_fen, tariff_from, status, conflict, created_at)
            SELECT l.entry_id, 'ADMISSION', #{site}, #{province}, l.day, months.booked,
                   CASE WHEN months.booked > l.month THEN l.month END,
                   l.product_code, l.category, l.amount_fen, l.tariff_from, l.status, l.conflict, #{recordedAt}
            FROM unnest(#{entryIds}::uuid[], #{days}::date[], #{months}::date[], #{products}::text[], #{categories}::text[],
                        #{amounts}::int[], #{tariffFroms}::date[], #{statuses}::text[], #{conflicts}::text[])
                 AS l(entry_id, day, month, product_code, category, amount_fen, tariff_from, status, conflict)
            JOIN months ON months.month = l.month
            ON CONFLICT DO NOTHING""";

    private static final String TAKE_LIFETIME_LIMITS = """
            INSERT INTO lifetime_limit (lineage_id, limit_key, entry_id)
            SELECT * FROM unnest(#{lineageIds}::uuid[], #{keys}::text[], #{entryIds}::uuid[])
            ON CONFLICT DO NOTHING""";

    /**
     * Writes what an offline batch decided, its statements sent together: the entries, the bookings
     * they used, what the counters gain, the cards they activated, their settlement lines and the
     * once-per-site limits they took.
     * Answers false when the database had moved on from what the batch was judged on (an entry id
     * or a limit key taken, a booking or a first activation gone, by a scan at the same time): the
     * transaction must then be judged again.
     * <p>
     * The writes wait at most {@link #BATCH_ROW_WAIT} for a lock (55P03 after that). The batch holds
     * the site's counters ({@link #holdCounts}) when it writes its entries, its bookings and its
     * limits; a scan writes those before it counts itself, so a scan and a batch of the same card and
     * day can each wait for the other. The batch gives way long before PostgreSQL would notice the
     * deadlock (deadlock_timeout, a second) and runs again once the scan has committed; a scan holds
     * its rows for milliseconds. (A month close waiting for the month's lock makes the lines' booking
     * wait too, briefly: the close holds it only to mark the month.)
     */
    public Uni<Boolean> record(SqlClient transaction, String site, String gate, Province province, Instant recordedAt,
                               OfflineBatch.Outcome outcome) {
        List<OfflineBatch.Recorded> entries = outcome.entries();
        UUID[] entryIds = entries.stream().map(entry -> entry.scan().entryId()).toArray(UUID[]::new);
        LocalDate[] days = entries.stream().map(OfflineBatch.Recorded::day).toArray(LocalDate[]::new);
        String[] conflicts = entries.stream().map(entry -> Rows.name(entry.conflict())).toArray(String[]::new);
        Map<String, Object> entryValues = new HashMap<>();
        entryValues.put("site", site);
        entryValues.put("gate", gate);
        entryValues.put("recordedAt", Rows.timestamp(recordedAt));
        entryValues.put("entryIds", entryIds);
        entryValues.put("cardIds", entries.stream().map(entry -> entry.card() == null ? null : entry.card().id()).toArray(UUID[]::new));
        entryValues.put("lineageIds", entries.stream().map(entry -> entry.card() == null ? null : entry.card().lineageId()).toArray(UUID[]::new));
        entryValues.put("conflicts", conflicts);
        entryValues.put("days", days);
        entryValues.put("scannedAts", entries.stream().map(entry -> Rows.timestamp(entry.scan().scannedAt())).toArray(OffsetDateTime[]::new));
        entryValues.put("hashes", entries.stream().map(entry -> entry.scan().hash()).toArray(String[]::new));
        entryValues.put("limitKeys", entries.stream().map(OfflineBatch.Recorded::limitKey).toArray(String[]::new));

        Map<String, Object> lineValues = new HashMap<>();
        lineValues.put("site", site);
        lineValues.put("province", province.name());
        lineValues.put("recordedAt", Rows.timestamp(recordedAt));
        lineValues.put("entryIds", entryIds);
        lineValues.put("days", days);
        lineValues.put("months", entries.stream().map(entry -> Pricing.monthOf(entry.day())).toArray(LocalDate[]::new));
        lineValues.put("products", entries.stream().map(entry -> entry.line().productCode()).toArray(String[]::new));
        lineValues.put("categories", entries.stream().map(entry -> Rows.name(entry.line().category())).toArray(String[]::new));
        lineValues.put("amounts", entries.stream().map(entry -> entry.line().price().amountFen()).toArray(Integer[]::new));
        lineValues.put("tariffFroms", entries.stream().map(entry -> entry.line().price().tariffFrom()).toArray(LocalDate[]::new));
        lineValues.put("statuses", entries.stream().map(entry -> entry.line().status().name()).toArray(String[]::new));
        lineValues.put("conflicts", conflicts);

        Uni<Boolean> inserted = NamedSql.run(transaction, INSERT_ENTRIES, entryValues).map(rows -> rows.rowCount() == entries.size());
        Uni<Boolean> used = outcome.uses().isEmpty() ? Uni.createFrom().item(true) : NamedSql.run(transaction, USE_BOOKINGS, Map.of(
                        "ids", outcome.uses().stream().map(OfflineBatch.Use::bookingId).toArray(UUID[]::new),
                        "entryIds", outcome.uses().stream().map(OfflineBatch.Use::entryId).toArray(UUID[]::new)))
                .map(rows -> rows.rowCount() == outcome.uses().size());
        Uni<Boolean> counted = NamedSql.run(transaction, ADD_COUNTS, Map.of("site", site,
                        "days", outcome.added().stream().map(Count::day).toArray(LocalDate[]::new),
                        "sessions", outcome.added().stream().map(Count::session).toArray(String[]::new),
                        "admitted", outcome.added().stream().map(Count::admitted).toArray(Integer[]::new),
                        "booked", outcome.added().stream().map(Count::booked).toArray(Integer[]::new)))
                .map(rows -> rows.rowCount() == outcome.added().size());
        List<OfflineBatch.Activation> activations = outcome.activations().stream()
                .sorted(Comparator.comparing(OfflineBatch.Activation::cardId)).toList();
        Uni<Boolean> activated = activations.isEmpty() ? Uni.createFrom().item(true) : NamedSql.run(transaction, ACTIVATE_CARDS, Map.of(
                        "ids", activations.stream().map(OfflineBatch.Activation::cardId).toArray(UUID[]::new),
                        "ats", activations.stream().map(activation -> Rows.timestamp(activation.at())).toArray(OffsetDateTime[]::new),
                        "untils", activations.stream().map(activation -> Rows.timestamp(activation.validUntil())).toArray(OffsetDateTime[]::new)))
                .map(rows -> rows.rowCount() == activations.size());
        Uni<Boolean> booked = NamedSql.run(transaction, BOOK_LINES, lineValues).map(rows -> rows.rowCount() == entries.size());
        List<OfflineBatch.Recorded> forGood = entries.stream().filter(entry -> limitedForGood(entry.card(), entry.limitKey())).toList();
        Uni<Boolean> taken = forGood.isEmpty() ? Uni.createFrom().item(true) : NamedSql.run(transaction, TAKE_LIFETIME_LIMITS, Map.of(
                        "lineageIds", forGood.stream().map(entry -> entry.card().lineageId()).toArray(UUID[]::new),
                        "keys", forGood.stream().map(OfflineBatch.Recorded::limitKey).toArray(String[]::new),
                        "entryIds", forGood.stream().map(entry -> entry.scan().entryId()).toArray(UUID[]::new)))
                .map(rows -> rows.rowCount() == forGood.size());
        // the writes, sent together once the bound on their waits is set
        return LockWaits.atMost(transaction, BATCH_ROW_WAIT)
                .chain(() -> Uni.combine().all().unis(inserted, used, counted, activated, booked, taken)
                        .with(results -> results.stream().allMatch(Boolean.TRUE::equals)));
    }

    private static <K, T> Map<K, T> byKey(List<T> values, Function<T, K> key) {
        Map<K, T> found = new HashMap<>();
        values.forEach(value -> found.put(key.apply(value), value));
        return found;
    }

    private static StoredEntry toEntry(Row row) {
        ScannedCard card = row.getString("number") == null ? null : new ScannedCard(row.getString("number"),
                row.getString("product_code"), Category.valueOf(row.getString("category")));
        return new StoredEntry(new ScanResult(row.getUUID("entry_id"), row.getString("site_code"),
                Decision.valueOf(row.getString("decision")), reason(row.getString("reason")), card,
                Rows.instant(row, "recorded_at"), reason(row.getString("conflict"))), row.getString("request_hash"));
    }

    /** The site, its sessions (a row each) and its tariffs (arrays, the same on every row). */
    public Uni<SiteRules> findSite(SqlClient client, String code) {
        return NamedSql.run(client, """
                        WITH t AS (
                            SELECT array_agg(effective_from) AS tariff_from, array_agg(product_code) AS tariff_product,
                                   array_agg(category) AS tariff_category, array_agg(amount_fen) AS tariff_fen
                            FROM tariff WHERE site_code = #{code}
                        )
                        SELECT s.status, s.province, ss.code, ss.opens, ss.closes, ss.capacity, ss.reservation,
                               t.tariff_from, t.tariff_product, t.tariff_category, t.tariff_fen
                        FROM site s JOIN site_session ss ON ss.site_code = s.code CROSS JOIN t WHERE s.code = #{code}
                        ORDER BY ss.opens""", Map.of("code", code))
                .map(rows -> {
                    List<Session> sessions = Rows.all(rows, row -> SessionRows.session(row, "code"));
                    if (sessions.isEmpty()) {
                        return null;
                    }
                    Row first = rows.iterator().next();
                    return new SiteRules(code, SiteStatus.valueOf(first.getString("status")),
                            Province.valueOf(first.getString("province")), sessions, pricing(first));
                });
    }

    private static Pricing pricing(Row row) {
        LocalDate[] from = row.getArrayOfLocalDates("tariff_from");
        if (from == null) {
            return Pricing.NO_TARIFF;
        }
        String[] product = row.getArrayOfStrings("tariff_product");
        String[] category = row.getArrayOfStrings("tariff_category");
        Integer[] fen = row.getArrayOfIntegers("tariff_fen");
        List<Pricing.Rate> rates = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            rates.add(new Pricing.Rate(from[i], product[i], Category.valueOf(category[i]), fen[i]));
        }
        return Pricing.of(rates);
    }

    public Uni<CardRules> findCardById(SqlClient transaction, UUID id) {
        return NamedSql.run(transaction, CARD_COLUMNS + "WHERE c.id = #{id}", Map.of("id", id))
                .map(rows -> Rows.first(rows, AdmissionRepository::toCard));
    }

    public Uni<CardRules> findCardByNumber(SqlClient transaction, String number) {
        return NamedSql.run(transaction, CARD_COLUMNS + "WHERE c.number = #{number}", Map.of("number", number))
                .map(rows -> Rows.first(rows, AdmissionRepository::toCard));
    }

    /**
     * Inserts the entry unless its id exists or, for an admission, the card already used its
     * limit at the site (the unique index); answers whether it was inserted.
     */
    public Uni<Boolean> insertEntry(SqlClient transaction, NewEntry entry) {
        return NamedSql.run(transaction, looksAround(entry) ? INSERT_ENTRY_LOOKING_AROUND : INSERT_ENTRY, parameters(entry))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * What {@link #admit} did: whether the entry was new, whether its card's once-per-site limit was
     * free (always, for a per-day limit: that one is the entry's own unique index), whether it used the
     * card's booking of the session, whether it fitted into the session's capacity, whether it
     * activated the card, and whether the session needs a booking (as the statement read it: what a
     * refusal is named by).
     */
    public record Admission(boolean inserted, boolean withinLimit, boolean used, boolean counted, boolean activated,
                            boolean bookingRequired) {
    }

    /**
     * Records an admission in one statement, one round trip instead of up to four: inserts the entry
     * (unless its id or limit key is taken), uses the card's booking of the session if it has one,
     * counts it against the session's capacity (a booking's seat, or one left for walk-ins), and then
     * activates the card if this is its first use (of two racing gates the earlier scan sets the time,
     * whichever commits first).
     */
    public Uni<Admission> admit(SqlClient transaction, NewEntry entry, String session, Charge charge) {
        Map<String, Object> values = parameters(entry);
        putLine(values, entry, charge);
        values.put("session", session);
        values.put("validUntil", Rows.timestamp(entry.card().activated(entry.scannedAt()).validUntil()));
        boolean forGood = limitedForGood(entry.card(), entry.limitKey());
        String statement = looksAround(entry) ? (forGood ? ADMIT_FOR_GOOD_LOOKING_AROUND : ADMIT_LOOKING_AROUND)
                : forGood ? ADMIT_FOR_GOOD : ADMIT;
        return NamedSql.run(transaction, statement, values)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Admission(row.getBoolean("inserted"), row.getBoolean("allowed"), row.getBoolean("used"),
                            row.getBoolean("counted"), row.getBoolean("activated"), row.getBoolean("required"));
                });
    }

    private static void putLine(Map<String, Object> values, NewEntry entry, Charge charge) {
        values.put("province", charge.province().name());
        values.put("month", Pricing.monthOf(entry.businessDay()));
        values.put("productCode", charge.productCode());
        values.put("category", Rows.name(charge.category()));
        values.put("amountFen", charge.price().amountFen());
        values.put("tariffFrom", charge.price().tariffFrom());
        values.put("lineStatus", charge.status().name());
        values.put("lineConflict", Rows.name(charge.conflict()));
    }

    private static Map<String, Object> parameters(NewEntry entry) {
        Map<String, Object> values = new HashMap<>();
        values.put("entryId", entry.entryId());
        values.put("site", entry.site());
        values.put("gate", entry.gate());
        values.put("cardId", entry.card() == null ? null : entry.card().id());
        values.put("lineageId", entry.card() == null ? null : entry.card().lineageId());
        values.put("decision", entry.decision().name());
        values.put("reason", Rows.name(entry.reason()));
        values.put("day", entry.businessDay());
        values.put("scannedAt", Rows.timestamp(entry.scannedAt()));
        values.put("recordedAt", Rows.timestamp(entry.recordedAt()));
        values.put("requestHash", entry.requestHash());
        values.put("limitKey", entry.limitKey());
        putWindow(values, entry.businessDay(), entry.businessDay());
        return values;
    }

    /** Whether an entry takes its card's per-site limit for good (a key that names no day, see {@link #TAKE_LIFETIME_LIMIT}). */
    private static boolean limitedForGood(CardRules card, String limitKey) {
        return limitKey != null && card.siteLimit() == SiteLimit.ONCE_PER_SITE;
    }

    /** The admissions counted at a site on a business day. */
    public Uni<Long> admitted(String site, LocalDate day) {
        return NamedSql.run(pool, """
                        SELECT coalesce(sum(admitted), 0) AS admitted FROM site_day_admissions
                        WHERE site_code = #{site} AND day = #{day}""",
                        Map.of("site", site, "day", day)).map(rows -> rows.iterator().next().getLong("admitted"));
    }

    /** Turns an admission the database refused (a full session, no booking) into a denial, freeing its limit key. */
    public Uni<Void> deny(SqlClient transaction, NewEntry admitted, Reason reason) {
        Map<String, Object> values = new HashMap<>();
        values.put("entryId", admitted.entryId());
        values.put("day", admitted.businessDay());
        values.put("reason", reason.name());
        values.put("lineageId", admitted.card().lineageId());
        values.put("limitKey", admitted.limitKey());
        return NamedSql.run(transaction, """
                        WITH freed AS (DELETE FROM lifetime_limit
                                       WHERE lineage_id = #{lineageId} AND limit_key = #{limitKey} AND entry_id = #{entryId})
                        UPDATE entry SET decision = 'DENIED', reason = #{reason}, limit_key = NULL
                        WHERE entry_id = #{entryId} AND business_day = #{day}""",
                        values).replaceWithVoid();
    }

    /** What one page of {@link #forgetLifetimeLimits} did: the limits it forgot, and the key to go on after (null at the end). */
    public record ForgottenPage(int forgotten, LimitKey next) {
    }

    /**
     * Forgets, among the next {@code atMost} once-per-site limits in key order after {@code after}
     * (null: from the start), those of lineages no card of which can be admitted again: none is live
     * (a revoked, replaced or expired card stays so) with a validity, or for one never activated an
     * activation deadline, reaching {@code lapsedBefore}. Page by page in key order, so that a run over
     * many limits reads each once, whatever another writer deletes meanwhile.
     */
    public Uni<ForgottenPage> forgetLifetimeLimits(Instant lapsedBefore, LimitKey after, int atMost) {
        Map<String, Object> values = new HashMap<>();
        values.put("lapsedBefore", Rows.timestamp(lapsedBefore));
        values.put("afterLineage", after == null ? new UUID(0, 0) : after.lineageId());
        values.put("afterKey", after == null ? "" : after.key());
        values.put("atMost", atMost);
        return NamedSql.run(pool, """
                        WITH page AS (SELECT lineage_id, limit_key FROM lifetime_limit
                                      WHERE (lineage_id, limit_key) > (#{afterLineage}, #{afterKey})
                                      ORDER BY lineage_id, limit_key LIMIT #{atMost}),
                             forgotten AS (DELETE FROM lifetime_limit l USING page
                                           WHERE l.lineage_id = page.lineage_id AND l.limit_key = page.limit_key
                                             AND NOT EXISTS (SELECT 1 FROM card c WHERE c.lineage_id = l.lineage_id AND c.live
                                                 AND coalesce(c.valid_until, c.activation_deadline) >= #{lapsedBefore})
                                           RETURNING 1),
                             last AS (SELECT lineage_id, limit_key FROM page ORDER BY lineage_id DESC, limit_key DESC LIMIT 1)
                        SELECT (SELECT count(*) FROM page) AS seen, (SELECT count(*) FROM forgotten) AS forgotten,
                               (SELECT lineage_id FROM last) AS last_lineage, (SELECT limit_key FROM last) AS last_key""",
                        values)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    boolean more = row.getLong("seen") == atMost;
                    return new ForgottenPage(row.getLong("forgotten").intValue(),
                            more ? new LimitKey(row.getUUID("last_lineage"), row.getString("last_key")) : null);
                });
    }

    private static CardRules toCard(Row row) {
        return new CardRules(row.getUUID("id"), row.getString("number"), row.getString("product_code"),
                CardStatus.valueOf(row.getString("status")), Category.valueOf(row.getString("category")),
                Rows.instant(row, "issued_at"), Rows.instant(row, "activation_deadline"), Rows.instant(row, "activated_at"),
                Rows.instant(row, "valid_until"),
                row.getUUID("lineage_id"), row.getInteger("validity_hours"), SiteLimit.valueOf(row.getString("site_limit")));
    }

    private static Reason reason(String value) {
        return value == null ? null : Reason.valueOf(value);
    }
}
