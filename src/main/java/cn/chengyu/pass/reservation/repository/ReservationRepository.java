package cn.chengyu.pass.reservation.repository;

import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.CardStatus;
import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.product.SiteLimit;
import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.ReservationChanges;
import cn.chengyu.pass.reservation.ReservationStatus;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.repository.SessionRows;
import cn.chengyu.pass.site.SiteStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reservations and the seats they hold, on the reactive client: a booking takes a seat with a
 * conditional update of the session's day counter (the one that walk-in admissions count against),
 * so that concurrent bookings on any replica never take more seats than the session has.
 */
@ApplicationScoped
public class ReservationRepository {

    /** The columns {@link #reservation} maps. */
    private static final String COLUMNS = """
            r.id, r.card_id, r.lineage_id, r.site_code, r.day, r.session_code, r.starts_at, r.ends_at, r.status,
            r.created_at, r.version""";

    /**
     * Takes a seat unless the session is full or the lineage already holds a live reservation at the
     * site that day, and books it, in one statement run on its own (no transaction round trips). Two
     * bookings of one lineage racing each other can both take a seat before the unique index refuses
     * the second reservation: that statement then fails on purpose (SQLSTATE {@value #LOST_TO_OWN_LINEAGE},
     * migration V8), which undoes it, seat and all. The session's row, as the booking was judged on it
     * (and its site still open), is held shared meanwhile: a site's PUT replacing the sessions waits for
     * the booking, and then sees it; a booking that comes after the PUT took them, or after it changed
     * them, finds its session gone or other and is judged again. So with the card's row, held shared
     * with the status the booking was judged on: a status change (which gives up the lineage's bookings,
     * see {@code BookingRelease}) waits for the booking and then sees it, and a booking after it finds the
     * card changed and is judged again.
     */
    private static final String BOOK = """
            WITH card AS (
                SELECT 1 FROM card WHERE id = #{cardId} AND status = #{cardStatus} FOR SHARE
            ), session AS (
                SELECT 1 FROM site_session ss JOIN site s ON s.code = ss.site_code AND s.status = 'OPEN'
                WHERE ss.site_code = #{site} AND ss.code = #{session} AND ss.capacity = #{capacity} AND ss.opens = #{opens}
                  AND ss.closes = #{closes} AND ss.reservation = #{rule}
                FOR KEY SHARE OF ss
            ), live AS (
                SELECT 1 FROM reservation WHERE lineage_id = #{lineageId} AND site_code = #{site} AND day = #{day}
                  AND status IN ('BOOKED', 'USED')
            ), seat AS (
                INSERT INTO site_day_admissions (site_code, day, session_code, admitted, booked)
                SELECT #{site}, #{day}, #{session}, 0, 1
                WHERE #{capacity} > 0 AND EXISTS (SELECT 1 FROM card) AND EXISTS (SELECT 1 FROM session)
                  AND NOT EXISTS (SELECT 1 FROM live)
                ON CONFLICT (site_code, day, session_code) DO UPDATE SET booked = site_day_admissions.booked + 1
                WHERE site_day_admissions.admitted + site_day_admissions.booked < #{capacity}
                RETURNING 1
            ), booked AS (
                INSERT INTO reservation (id, card_id, lineage_id, site_code, day, session_code, starts_at, ends_at, status,
                                         created_at, updated_at)
                SELECT #{id}, #{cardId}, #{lineageId}, #{site}, #{day}, #{session}, #{startsAt}, #{endsAt}, 'BOOKED',
                       #{now}, #{now}
                FROM seat
                ON CONFLICT DO NOTHING
                RETURNING version
            )
            SELECT (SELECT version FROM booked) AS version, EXISTS (SELECT 1 FROM live) AS reserved,
                   EXISTS (SELECT 1 FROM session) AND EXISTS (SELECT 1 FROM card) AS as_judged,
                   CASE WHEN EXISTS (SELECT 1 FROM seat) AND NOT EXISTS (SELECT 1 FROM booked)
                        THEN booking_lost_to_own_lineage() END AS lost""";

    /** The SQLSTATE of a statement PostgreSQL undid to break a deadlock. */
    private static final String DEADLOCK = "40P01";

    /** The SQLSTATE of a booking that lost the reservation to another booking of its lineage. */
    private static final String LOST_TO_OWN_LINEAGE = "CYB01";

    /**
     * Cancels the bookings {@code %s} names (status BOOKED), frees their seats and re-versions them for
     * the gates' copies; answers how many it cancelled (PostgreSQL runs a writing WITH part whether or not
     * the query reads it).
     */
    private static final String CANCEL_WHERE = """
            WITH cancelled AS (
                UPDATE reservation SET status = 'CANCELLED', updated_at = #{now}, version = txid_current()
                WHERE %s AND status = 'BOOKED'
                RETURNING site_code, day, session_code
            ), seats AS (
                SELECT site_code, day, session_code, count(*) AS seats FROM cancelled GROUP BY site_code, day, session_code
            ), freed AS (
                UPDATE site_day_admissions a SET booked = a.booked - s.seats FROM seats s
                WHERE a.site_code = s.site_code AND a.day = s.day AND a.session_code = s.session_code
            )
            SELECT count(*) AS cancelled FROM cancelled""";

    /** The holder cancels a booking whose session has not opened. */
    private static final String CANCEL = CANCEL_WHERE.formatted("id = #{id} AND lineage_id = #{lineageId} AND starts_at > #{now}");
    /** A lineage no longer admitted gives up its bookings whose session has not ended. */
    private static final String RELEASE_OF_LINEAGE = CANCEL_WHERE.formatted("lineage_id = #{lineageId} AND ends_at > #{now}");
    /** A closed site gives up its bookings whose session has not ended. */
    private static final String RELEASE_AT_SITE = CANCEL_WHERE.formatted("site_code = #{site} AND ends_at > #{now}");
    /** Bookings given up by id (their session was retimed to have ended already). */
    private static final String RELEASE = CANCEL_WHERE.formatted("id = ANY(#{ids})");

    /** Moves bookings to their sessions' new times (a site's PUT retimed a session they hold). */
    private static final String RETIME = """
            UPDATE reservation r SET starts_at = m.starts_at, ends_at = m.ends_at, updated_at = #{now}, version = txid_current()
            FROM unnest(#{ids}::uuid[], #{startsAts}::timestamptz[], #{endsAts}::timestamptz[]) AS m(id, starts_at, ends_at)
            WHERE r.id = m.id AND r.status = 'BOOKED'""";

    private final Pool pool;

    public ReservationRepository(Pool pool) {
        this.pool = pool;
    }

    /** How a booking ended; the reservation's version when it was booked. */
    public record Booking(Outcome outcome, long version) {

        /**
         * CHANGED: what the booking was judged on changed meanwhile: its session is gone or other, or its site
         * closed (a site's PUT), or the card's status changed.
         */
        public enum Outcome { BOOKED, FULL, ALREADY_RESERVED, CHANGED }
    }

    /** A session's seats on one day: admitted and booked. */
    public record Seats(String site, String session, int admitted, int booked) {
    }

    /**
     * What a booking is judged on, read in one statement; {@code entered}: the card's lineage was
     * admitted at the site under the limit a visit that day needs, so its gates would refuse it.
     */
    public record BookingContext(Card card, SiteStatus siteStatus, Session session, List<Unused> unused, boolean entered) {
    }

    /** A booking of the holder's still BOOKED when its session ended: a no-show unless excused. */
    public record Unused(UUID id, Instant endsAt) {
    }

    /**
     * The card, the site's status (null when there is no such site), its session (null when it has none
     * of that code), the bookings of the card's holder (any of its cards) left unused whose sessions
     * ended from {@code since} to {@code now}, and whether the card's lineage was admitted at the site
     * under the limit a visit on {@code day} needs: that day's key (a product admitting once a site a
     * day) or the site's (once a site, kept in lifetime_limit); the keys are those of
     * {@code AdmissionPolicy.limitKey}.
     */
    public Uni<BookingContext> bookingContext(UUID cardId, String site, String session, LocalDate day, Instant since,
                                              Instant now) {
        Map<String, Object> values = new HashMap<>();
        values.put("cardId", cardId);
        values.put("site", site);
        values.put("session", session);
        values.put("day", day);
        values.put("dayKey", AdmissionPolicy.limitKey(SiteLimit.ONCE_PER_SITE_PER_DAY, site, day));
        values.put("siteKey", AdmissionPolicy.limitKey(SiteLimit.ONCE_PER_SITE, site, day));
        values.put("since", Rows.timestamp(since));
        values.put("now", Rows.timestamp(now));
        return NamedSql.run(pool, "SELECT " + CardRepository.COLUMNS + """
                        , (SELECT status FROM site WHERE code = #{site}) AS site_status,
                          ss.code AS session_code, ss.opens, ss.closes, ss.capacity, ss.reservation,
                          u.ids AS unused_ids, u.ends AS unused_ends,
                          EXISTS (SELECT 1 FROM entry e WHERE e.lineage_id = c.lineage_id AND e.business_day = #{day}
                                  AND e.limit_key = #{dayKey})
                              OR EXISTS (SELECT 1 FROM lifetime_limit l WHERE l.lineage_id = c.lineage_id
                                         AND l.limit_key = #{siteKey}) AS entered
                        FROM card c LEFT JOIN site_session ss ON ss.site_code = #{site} AND ss.code = #{session}
                        CROSS JOIN LATERAL (
                            SELECT coalesce(array_agg(r.id ORDER BY r.ends_at, r.id), '{}') AS ids,
                                   coalesce(array_agg(r.ends_at ORDER BY r.ends_at, r.id), '{}') AS ends
                            FROM reservation r JOIN card other ON other.id = r.card_id
                            WHERE other.id_number_hash = c.id_number_hash AND r.status = 'BOOKED'
                              AND r.ends_at > #{since} AND r.ends_at <= #{now}) u
                        WHERE c.id = #{cardId}""", values)
                .map(rows -> Rows.first(rows, row -> {
                    UUID[] ids = row.getArrayOfUUIDs("unused_ids");
                    OffsetDateTime[] ends = row.getArrayOfOffsetDateTimes("unused_ends");
                    List<Unused> unused = new ArrayList<>();
                    for (int i = 0; i < ids.length; i++) {
                        unused.add(new Unused(ids[i], ends[i].toInstant()));
                    }
                    return new BookingContext(CardRepository.card(row),
                            row.getString("site_status") == null ? null : SiteStatus.valueOf(row.getString("site_status")),
                            row.getString("session_code") == null ? null : SessionRows.session(row, "session_code"),
                            unused, row.getBoolean("entered"));
                }));
    }

    /**
     * Of these unused bookings, those excused: their lineage had entered their site under the limit
     * they needed before their session ended (a walk-in to the day session of a site whose night was
     * booked), so the holder came. Read only when the unused bookings could suspend booking: it reads
     * entries, within the months {@code from} … {@code until}.
     */
    public Uni<Set<UUID>> excused(List<UUID> unused, LocalDate from, LocalDate until) {
        return NamedSql.run(pool, """
                        SELECT r.id FROM reservation r
                        WHERE r.id = ANY(#{ids}) AND EXISTS (SELECT 1 FROM entry e WHERE e.lineage_id = r.lineage_id
                            AND e.business_day >= #{from} AND e.business_day <= #{until}
                            AND e.business_day <= r.day AND e.scanned_at < r.ends_at
                            AND e.limit_key IN (r.site_code || '/' || to_char(r.day, 'YYYY-MM-DD'), r.site_code))""",
                        Map.of("ids", unused.toArray(UUID[]::new), "from", from, "until", until))
                .map(rows -> new HashSet<>(Rows.all(rows, row -> row.getUUID("id"))));
    }

    /** Books a seat in one statement, which a booking losing a race to its own lineage undoes. */
    public Uni<Booking> book(Reservation reservation, CardStatus cardStatus, Session session) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", reservation.id());
        values.put("cardId", reservation.cardId());
        values.put("cardStatus", cardStatus.name());
        values.put("lineageId", reservation.lineageId());
        values.put("site", reservation.site());
        values.put("day", reservation.day());
        values.put("session", reservation.session());
        values.put("startsAt", Rows.timestamp(reservation.startsAt()));
        values.put("endsAt", Rows.timestamp(reservation.endsAt()));
        values.put("now", Rows.timestamp(reservation.createdAt()));
        values.put("capacity", session.capacity());
        values.put("opens", session.opens());
        values.put("closes", session.closes());
        values.put("rule", session.reservation().name());
        return NamedSql.run(pool, BOOK, values).map(rows -> {
                    Row row = rows.iterator().next();
                    Long version = row.getLong("version");
                    return version != null ? new Booking(Booking.Outcome.BOOKED, version)
                            : !row.getBoolean("as_judged") ? new Booking(Booking.Outcome.CHANGED, 0)
                            : new Booking(row.getBoolean("reserved") ? Booking.Outcome.ALREADY_RESERVED : Booking.Outcome.FULL, 0);
                })
                .onFailure(failure -> failure instanceof PgException pg && LOST_TO_OWN_LINEAGE.equals(pg.getSqlState()))
                .recoverWithItem(new Booking(Booking.Outcome.ALREADY_RESERVED, 0))
                // A first scan of the card in the same session takes the seat counter, then the card (to activate it):
                // the opposite order; PostgreSQL undoes one of the two, and this one is judged again.
                .onFailure(failure -> failure instanceof PgException pg && DEADLOCK.equals(pg.getSqlState()))
                .recoverWithItem(new Booking(Booking.Outcome.CHANGED, 0));
    }

    /** Cancels the reservation if it is the lineage's, still booked and its session has not opened; answers whether it did. */
    public Uni<Boolean> cancel(UUID id, UUID lineageId, Instant now) {
        return NamedSql.run(pool, CANCEL, Map.of("id", id, "lineageId", lineageId, "now", Rows.timestamp(now)))
                .map(rows -> cancelled(rows) == 1);
    }

    /** Gives up the lineage's bookings whose session has not ended, in the caller's transaction; answers how many. */
    public Uni<Long> releaseOfLineage(SqlClient transaction, UUID lineageId, Instant now) {
        return NamedSql.run(transaction, RELEASE_OF_LINEAGE, Map.of("lineageId", lineageId, "now", Rows.timestamp(now)))
                .map(ReservationRepository::cancelled);
    }

    /** A site as its bookings follow it: its status and sessions. */
    public record SiteSessions(SiteStatus status, List<Session> sessions) {
    }

    /**
     * The site's status and sessions as committed, its row held until the transaction ends: a site's
     * PUT, and whatever else follows a site's sessions this way, waits meanwhile; what comes after reads
     * what they wrote. The sessions are read once the row is held, in a statement of their own (one
     * statement sees the tables as they were when it began, whatever it waited for). Null when there is
     * no such site.
     */
    public Uni<SiteSessions> siteHeld(SqlClient transaction, String site) {
        return NamedSql.run(transaction, "SELECT status FROM site WHERE code = #{site} FOR NO KEY UPDATE", Map.of("site", site))
                .chain(held -> held.size() == 0 ? Uni.createFrom().nullItem() : NamedSql.run(transaction,
                                "SELECT code, opens, closes, capacity, reservation FROM site_session WHERE site_code = #{site}",
                                Map.of("site", site))
                        .map(rows -> new SiteSessions(SiteStatus.valueOf(held.iterator().next().getString("status")),
                                Rows.all(rows, row -> SessionRows.session(row, "code")))));
    }

    /** Gives up the site's bookings whose session has not ended; answers how many. */
    public Uni<Long> releaseAtSite(SqlClient transaction, String site, Instant now) {
        return NamedSql.run(transaction, RELEASE_AT_SITE, Map.of("site", site, "now", Rows.timestamp(now)))
                .map(ReservationRepository::cancelled);
    }

    /** Gives up these bookings (those still booked); answers how many. */
    public Uni<Long> release(SqlClient transaction, List<UUID> ids, Instant now) {
        return NamedSql.run(transaction, RELEASE, Map.of("ids", ids.toArray(UUID[]::new), "now", Rows.timestamp(now)))
                .map(ReservationRepository::cancelled);
    }

    private static long cancelled(RowSet<Row> rows) {
        return rows.iterator().next().getLong("cancelled");
    }

    /** The site's bookings whose session has not ended. */
    public Uni<List<Reservation>> bookedAt(SqlClient transaction, String site, Instant now) {
        return NamedSql.run(transaction, "SELECT " + COLUMNS
                                + " FROM reservation r WHERE r.site_code = #{site} AND r.status = 'BOOKED' AND r.ends_at > #{now}",
                        Map.of("site", site, "now", Rows.timestamp(now)))
                .map(rows -> Rows.all(rows, ReservationRepository::reservation));
    }

    /** Stores the new times of bookings (those still booked). */
    public Uni<Void> retime(SqlClient transaction, List<Reservation> moved, Instant now) {
        return NamedSql.run(transaction, RETIME, Map.of("ids", moved.stream().map(Reservation::id).toArray(UUID[]::new),
                        "startsAts", moved.stream().map(booking -> Rows.timestamp(booking.startsAt()))
                                .toArray(OffsetDateTime[]::new),
                        "endsAts", moved.stream().map(booking -> Rows.timestamp(booking.endsAt())).toArray(OffsetDateTime[]::new),
                        "now", Rows.timestamp(now)))
                .replaceWithVoid();
    }

    public Uni<Reservation> find(UUID id, UUID lineageId) {
        return NamedSql.run(pool, "SELECT " + COLUMNS + " FROM reservation r WHERE r.id = #{id} AND r.lineage_id = #{lineageId}",
                Map.of("id", id, "lineageId", lineageId)).map(rows -> Rows.first(rows, ReservationRepository::reservation));
    }

    /** A lineage's reservations, the latest session first. */
    public Uni<List<Reservation>> ofLineage(UUID lineageId) {
        return NamedSql.run(pool, "SELECT " + COLUMNS + " FROM reservation r WHERE r.lineage_id = #{lineageId}"
                        + " ORDER BY r.starts_at DESC, r.created_at DESC",
                Map.of("lineageId", lineageId)).map(rows -> Rows.all(rows, ReservationRepository::reservation));
    }

    /**
     * The site's reservations of a day written by transactions from version {@code since} on, and
     * the version to ask from next time: the oldest transaction still running, so that a change
     * committed later under an older version is not missed (a change may come twice).
     */
    public Uni<ReservationChanges> changes(String site, LocalDate day, long since) {
        return pool.withTransaction(transaction -> NamedSql.run(transaction,
                        "SELECT txid_snapshot_xmin(txid_current_snapshot()) AS next", Map.of())
                .flatMap(next -> NamedSql.run(transaction, "SELECT " + COLUMNS + """
                                , (SELECT c.number FROM card c WHERE c.lineage_id = r.lineage_id
                                   ORDER BY c.issued_at DESC LIMIT 1) AS card_number
                                FROM reservation r
                                WHERE r.site_code = #{site} AND r.day = #{day} AND r.version >= #{since}
                                ORDER BY r.version, r.id""", Map.of("site", site, "day", day, "since", since))
                        .map(rows -> new ReservationChanges(next.iterator().next().getLong("next"),
                                Rows.all(rows, row -> new ReservationChanges.Item(reservation(row), row.getString("card_number")))))));
    }

    /** The seats of the sites' sessions on one day (sessions with none taken are absent). */
    public Uni<List<Seats>> seats(List<String> sites, LocalDate day) {
        return NamedSql.run(pool, """
                        SELECT site_code, session_code, admitted, booked FROM site_day_admissions
                        WHERE site_code = ANY(#{sites}) AND day = #{day}""",
                        Map.of("sites", sites.toArray(String[]::new), "day", day))
                .map(rows -> Rows.all(rows, row -> new Seats(row.getString("site_code"), row.getString("session_code"),
                        row.getInteger("admitted"), row.getInteger("booked"))));
    }

    private static Reservation reservation(Row row) {
        return new Reservation(row.getUUID("id"), row.getUUID("card_id"), row.getUUID("lineage_id"), row.getString("site_code"),
                row.getLocalDate("day"), row.getString("session_code"), Rows.instant(row, "starts_at"),
                Rows.instant(row, "ends_at"), ReservationStatus.valueOf(row.getString("status")),
                Rows.instant(row, "created_at"), row.getLong("version"));
    }
}
