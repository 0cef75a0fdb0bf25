package cn.chengyu.pass.entry.repository;

import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.entry.Reason;
import cn.chengyu.pass.entry.rest.EntryView;
import cn.chengyu.pass.product.Product;
import cn.chengyu.pass.site.SiteStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The statements of a gate scan, on the reactive client inside one transaction: the scan is the
 * hottest path of the system, and its correctness rests on the unique index over admitted entries
 * and the conditional capacity update, not on anything held in memory.
 */
@ApplicationScoped
public class AdmissionRepository {

    /** First key of the two-key advisory locks of offline batches (the second is the site). */
    private static final int BATCH_LOCK_SPACE = 7310002;

    /** A site as admission needs it. */
    public record SiteRules(String code, SiteStatus status, LocalTime opens, LocalTime closes, int dailyCapacity) {
    }

    /** A card and its product, as admission needs them. */
    public record CardRules(UUID id, String number, String productCode, CardStatus status, Category category,
                            Instant activationDeadline, Instant activatedAt, Instant validUntil, UUID lineageId,
                            int validityHours, Product.SiteLimit siteLimit) {

        public EntryView.CardSummary summary() {
            return new EntryView.CardSummary(number, productCode, category);
        }

        /** This card as its first admission, at {@code at}, leaves it: valid for its product's hours from then. */
        public CardRules activated(Instant at) {
            return new CardRules(id, number, productCode, status == CardStatus.ISSUED ? CardStatus.ACTIVE : status, category,
                    activationDeadline, at, at.plusSeconds(validityHours * 3600L), lineageId, validityHours, siteLimit);
        }
    }

    /** An entry as stored, for answering a replay. */
    public record StoredEntry(UUID entryId, String site, String decision, Reason reason, Reason conflict,
                              Instant recordedAt, String requestHash, EntryView.CardSummary card) {

        public EntryView view() {
            return new EntryView(entryId, site, decision, reason, card, recordedAt);
        }
    }

    /** A new entry row. */
    public record NewEntry(UUID entryId, String site, String gate, CardRules card, String decision, Reason reason,
                           Reason conflict, LocalDate businessDay, Instant scannedAt, Instant recordedAt,
                           String requestHash, String limitKey) {
    }

    private static final String CARD_COLUMNS = """
            SELECT c.id, c.number, c.product_code, c.status, c.category, c.activation_deadline, c.activated_at,
                   c.valid_until, c.lineage_id, p.validity_hours, p.site_limit
            FROM card c JOIN product p ON p.code = c.product_code
            """;

    private static final String ENTRY_COLUMNS = """
            SELECT e.entry_id, e.site_code, e.decision, e.reason, e.conflict, e.recorded_at, e.request_hash,
                   c.number, c.product_code, c.category
            FROM entry e LEFT JOIN card c ON c.id = e.card_id
            """;

    public Uni<StoredEntry> findEntry(SqlConnection connection, UUID entryId) {
        return connection.preparedQuery(ENTRY_COLUMNS + "WHERE e.entry_id = $1").execute(Tuple.of(entryId))
                .map(rows -> first(rows, AdmissionRepository::toEntry));
    }

    /**
     * Holds the site's batch lock until commit. Batches at one site run one after another: two
     * batches over the same cards would otherwise wait on each other's rows until the database
     * aborts one of them (a deadlock costs a second before it is noticed). Single scans never take it.
     * Batches of one replica take turns before they get here (BatchTurns); the lock timeout (what is
     * left of the batch's 2 s) bounds the wait for another replica's batch, and a timed-out batch is
     * a 503 that records nothing.
     */
    public Uni<Void> lockSiteForBatch(SqlConnection connection, String site, Duration timeout) {
        return connection.preparedQuery("SELECT set_config('lock_timeout', $1, true)")
                .execute(Tuple.of(Math.max(1, timeout.toMillis()) + "ms"))
                .chain(() -> connection.preparedQuery("SELECT pg_advisory_xact_lock(" + BATCH_LOCK_SPACE + ", hashtext($1))")
                        .execute(Tuple.of(site)))
                // The timeout bounds the wait for the site, not the batch's own row locks after it.
                .chain(() -> connection.query("SET LOCAL lock_timeout = 0").execute())
                .replaceWithVoid();
    }

    /**
     * How many of these scans by card number name a number no card has, in one statement; scans
     * already recorded (a batch sent again) are not counted twice.
     */
    public Uni<Integer> countUnknownNumbers(SqlClient client, List<UUID> entryIds, List<String> numbers) {
        return client.preparedQuery("""
                        SELECT count(*) AS unknown FROM unnest($1::uuid[], $2::text[]) AS scanned(entry_id, number)
                        WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.number = scanned.number)
                          AND NOT EXISTS (SELECT 1 FROM entry e WHERE e.entry_id = scanned.entry_id)""")
                .execute(Tuple.of(entryIds.toArray(UUID[]::new), numbers.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong("unknown").intValue());
    }

    /** The stored entries among {@code entryIds}, in one statement (a batch's replays). */
    public Uni<Map<UUID, StoredEntry>> findEntries(SqlConnection connection, List<UUID> entryIds) {
        return connection.preparedQuery(ENTRY_COLUMNS + "WHERE e.entry_id = ANY($1)")
                .execute(Tuple.of(entryIds.toArray(UUID[]::new)))
                .map(rows -> collect(rows, AdmissionRepository::toEntry, StoredEntry::entryId));
    }

    /** The cards with these numbers, in one statement (a batch's cards). */
    public Uni<Map<String, CardRules>> findCardsByNumbers(SqlConnection connection, List<String> numbers) {
        return connection.preparedQuery(CARD_COLUMNS + "WHERE c.number = ANY($1)")
                .execute(Tuple.of(numbers.toArray(String[]::new)))
                .map(rows -> collect(rows, AdmissionRepository::toCard, CardRules::number));
    }

    private static StoredEntry toEntry(Row row) {
        return new StoredEntry(row.getUUID("entry_id"), row.getString("site_code"),
                row.getString("decision"), reason(row.getString("reason")), reason(row.getString("conflict")),
                instant(row, "recorded_at"), row.getString("request_hash"),
                row.getString("number") == null ? null : new EntryView.CardSummary(row.getString("number"),
                        row.getString("product_code"), Category.valueOf(row.getString("category"))));
    }

    private static <K, T> Map<K, T> collect(RowSet<Row> rows, Function<Row, T> mapper, Function<T, K> key) {
        Map<K, T> found = new HashMap<>();
        for (Row row : rows) {
            T value = mapper.apply(row);
            found.put(key.apply(value), value);
        }
        return found;
    }

    public Uni<SiteRules> findSite(SqlConnection connection, String code) {
        return connection.preparedQuery("SELECT code, status, opens, closes, daily_capacity FROM site WHERE code = $1")
                .execute(Tuple.of(code))
                .map(rows -> first(rows, row -> new SiteRules(row.getString("code"), SiteStatus.valueOf(row.getString("status")),
                        row.getLocalTime("opens"), row.getLocalTime("closes"), row.getInteger("daily_capacity"))));
    }

    public Uni<CardRules> findCardById(SqlConnection connection, UUID id) {
        return connection.preparedQuery(CARD_COLUMNS + "WHERE c.id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, AdmissionRepository::toCard));
    }

    public Uni<CardRules> findCardByNumber(SqlConnection connection, String number) {
        return connection.preparedQuery(CARD_COLUMNS + "WHERE c.number = $1").execute(Tuple.of(number))
                .map(rows -> first(rows, AdmissionRepository::toCard));
    }

    private static final String INSERT_ENTRY = """
            INSERT INTO entry (entry_id, site_code, gate_subject, card_id, lineage_id, decision, reason, conflict,
                               business_day, scanned_at, recorded_at, request_hash, limit_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT DO NOTHING""";

    /**
     * Inserts the entry unless its id exists or, for an admission, the card already used its
     * limit at the site (the unique index); answers whether it was inserted.
     */
    public Uni<Boolean> insertEntry(SqlConnection connection, NewEntry entry) {
        return connection.preparedQuery(INSERT_ENTRY).execute(entryTuple(entry)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * What {@link #admit} did: whether the entry was new, whether it fitted into the day's capacity,
     * and whether it activated the card.
     */
    public record Admission(boolean inserted, boolean counted, boolean activated) {
    }

    /**
     * Records an admission in one statement, one round trip instead of up to three: inserts the entry
     * (unless its id or limit key is taken), counts it against the day's capacity unless the site
     * is full, and then activates the card if this is its first admission (of two racing gates the
     * first to commit sets the time).
     */
    public Uni<Admission> admit(SqlConnection connection, NewEntry entry, int capacity) {
        return connection.preparedQuery("WITH inserted AS (" + INSERT_ENTRY + """
                         RETURNING entry_id
                        ), counted AS (
                            INSERT INTO site_day_admissions (site_code, day, admitted)
                            SELECT $2, $9, 1 FROM inserted WHERE $14 > 0
                            ON CONFLICT (site_code, day) DO UPDATE SET admitted = site_day_admissions.admitted + 1
                            WHERE site_day_admissions.admitted < $14
                            RETURNING admitted
                        ), activated AS (
                        """ + activation("$4", "$10", "$15") + """
                             AND EXISTS (SELECT 1 FROM counted)
                            RETURNING id
                        )
                        SELECT EXISTS (SELECT 1 FROM inserted) AS inserted, EXISTS (SELECT 1 FROM counted) AS counted,
                               EXISTS (SELECT 1 FROM activated) AS activated""")
                .execute(entryTuple(entry).addInteger(capacity)
                        .addOffsetDateTime(validUntil(entry.card(), entry.scannedAt())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Admission(row.getBoolean("inserted"), row.getBoolean("counted"), row.getBoolean("activated"));
                });
    }

    private static Tuple entryTuple(NewEntry entry) {
        return Tuple.tuple()
                .addUUID(entry.entryId()).addString(entry.site()).addString(entry.gate())
                .addUUID(entry.card() == null ? null : entry.card().id())
                .addUUID(entry.card() == null ? null : entry.card().lineageId())
                .addString(entry.decision())
                .addString(entry.reason() == null ? null : entry.reason().name())
                .addString(entry.conflict() == null ? null : entry.conflict().name())
                .addLocalDate(entry.businessDay())
                .addOffsetDateTime(entry.scannedAt().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(entry.recordedAt().atOffset(ZoneOffset.UTC))
                .addString(entry.requestHash()).addString(entry.limitKey());
    }

    /** Counts an offline admission whatever the capacity: the visitor is already inside. */
    public Uni<Void> countRegardless(SqlConnection connection, String site, LocalDate day) {
        return connection.preparedQuery("""
                        INSERT INTO site_day_admissions (site_code, day, admitted) VALUES ($1, $2, 1)
                        ON CONFLICT (site_code, day) DO UPDATE SET admitted = site_day_admissions.admitted + 1""")
                .execute(Tuple.of(site, day)).replaceWithVoid();
    }

    /** Turns an admission that found the site full into a denial, freeing its limit key. */
    public Uni<Void> denyAsFull(SqlConnection connection, UUID entryId) {
        return connection.preparedQuery(
                        "UPDATE entry SET decision = 'DENIED', reason = 'SITE_FULL', limit_key = NULL WHERE entry_id = $1")
                .execute(Tuple.of(entryId)).replaceWithVoid();
    }

    /** Keeps an offline admission that found the site full, with the full site as its conflict. */
    public Uni<Void> markConflict(SqlConnection connection, UUID entryId, Reason conflict) {
        return connection.preparedQuery("UPDATE entry SET conflict = $2 WHERE entry_id = $1")
                .execute(Tuple.of(entryId, conflict.name())).replaceWithVoid();
    }

    /**
     * Activates a card at its first admission; of two racing gates the first to commit sets the
     * time. Answers whether this call activated it.
     */
    public Uni<Boolean> activate(SqlConnection connection, CardRules card, Instant at) {
        return connection.preparedQuery(activation("$1", "$2", "$3"))
                .execute(Tuple.of(card.id(), at.atOffset(ZoneOffset.UTC), validUntil(card, at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * The first admission of a card not yet activated: it becomes active from then, for its product's
     * hours. Only a card still usable is activated: one suspended, revoked or replaced after the scan
     * read it (a status change holds the card's row lock, this update waits for it) is left alone,
     * and the scan is judged again.
     */
    private static String activation(String card, String activatedAt, String validUntil) {
        return "UPDATE card SET status = 'ACTIVE', activated_at = " + activatedAt + ", valid_until = " + validUntil
                + ", updated_at = now() WHERE id = " + card + " AND activated_at IS NULL AND status IN ('ISSUED', 'ACTIVE')";
    }

    private static OffsetDateTime validUntil(CardRules card, Instant activatedAt) {
        return card.activated(activatedAt).validUntil().atOffset(ZoneOffset.UTC);
    }

    private static CardRules toCard(Row row) {
        return new CardRules(row.getUUID("id"), row.getString("number"), row.getString("product_code"),
                CardStatus.valueOf(row.getString("status")), Category.valueOf(row.getString("category")),
                instant(row, "activation_deadline"), instant(row, "activated_at"), instant(row, "valid_until"),
                row.getUUID("lineage_id"), row.getInteger("validity_hours"),
                Product.SiteLimit.valueOf(row.getString("site_limit")));
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }

    private static Reason reason(String value) {
        return value == null ? null : Reason.valueOf(value);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
