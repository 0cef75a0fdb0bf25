package cn.chengyu.pass.settlement.repository;

import cn.chengyu.pass.card.Category;
import cn.chengyu.pass.db.AdvisoryLocks;
import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import cn.chengyu.pass.settlement.Clearing;
import cn.chengyu.pass.settlement.SettlementLine;
import cn.chengyu.pass.settlement.Statement;
import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.web.PageResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Settlement lines and closed months, on the reactive client (lines are written by the admission
 * statements, see {@code AdmissionRepository}): statements and clearing are one aggregate query
 * each over the month's lines (an index on site and month), never lines pulled into the JVM.
 */
@ApplicationScoped
public class SettlementRepository {

    private static final String LINE_COLUMNS = """
            entry_id, kind, site_code, province, business_day, month, adjustment_of, product_code, category, amount_fen, status,
            conflict, resolution, resolution_note, resolved_by, resolved_at""";

    /** Resolves a dispute in place and, when it is rejected, books a reversal line in the same month. */
    private static final String RESOLVE = """
            WITH resolved AS (
                UPDATE settlement_line SET status = 'PAYABLE', resolution = #{outcome}, resolution_note = #{note},
                                           resolved_by = #{by}, resolved_at = #{now}
                WHERE entry_id = #{entryId} AND kind = 'ADMISSION' AND status = 'DISPUTED'
                RETURNING *
            ), reversal AS (
                INSERT INTO settlement_line (entry_id, kind, site_code, province, business_day, month, adjustment_of,
                                             product_code, category, amount_fen, tariff_from, status, created_at)
                SELECT entry_id, 'REVERSAL', site_code, province, business_day, month, adjustment_of, product_code, category,
                       -amount_fen, tariff_from, 'PAYABLE', #{now}
                FROM resolved WHERE #{outcome} = 'REJECT'
                RETURNING 1
            )
            SELECT\s""" + LINE_COLUMNS + " FROM resolved";

    private final Pool pool;

    public SettlementRepository(Pool pool) {
        this.pool = pool;
    }

    /** Whether the month is closed. */
    public Uni<Boolean> closed(YearMonth month) {
        return NamedSql.run(pool, "SELECT EXISTS (SELECT 1 FROM settlement_period WHERE month = #{month}) AS closed",
                Map.of("month", month.atDay(1))).map(rows -> rows.iterator().next().getBoolean("closed"));
    }

    /** The site's lines of the month by product and category, with the month's totals: one aggregate query. */
    public Uni<Statement> statement(String site, Province province, YearMonth month, boolean closed) {
        return NamedSql.run(pool, """
                        SELECT product_code, category, count(*) FILTER (WHERE kind = 'ADMISSION') AS admissions, count(*) AS lines,
                               coalesce(sum(amount_fen) FILTER (WHERE status = 'PAYABLE'), 0) AS payable_fen,
                               coalesce(sum(amount_fen) FILTER (WHERE status = 'DISPUTED'), 0) AS disputed_fen
                        FROM settlement_line WHERE site_code = #{site} AND month = #{month}
                        GROUP BY product_code, category ORDER BY product_code NULLS LAST, category NULLS LAST""",
                        Map.of("site", site, "month", month.atDay(1)))
                .map(rows -> {
                    List<Row> all = Rows.all(rows, row -> row);
                    return new Statement(month.toString(), site, province,
                            closed ? Statement.PeriodStatus.CLOSED : Statement.PeriodStatus.OPEN,
                            all.stream().mapToLong(row -> row.getLong("lines")).sum(),
                            all.stream().map(row -> new Statement.ProductTotal(row.getString("product_code"),
                                    category(row.getString("category")), row.getLong("admissions"), row.getLong("payable_fen"),
                                    row.getLong("disputed_fen"))).toList(),
                            all.stream().mapToLong(row -> row.getLong("payable_fen")).sum(),
                            all.stream().mapToLong(row -> row.getLong("disputed_fen")).sum());
                });
    }

    /** The month's lines by province: one aggregate query. */
    public Uni<Map<Province, Clearing.ProvinceTotal>> clearing(YearMonth month) {
        return NamedSql.run(pool, """
                        SELECT province, count(DISTINCT site_code) AS sites, count(*) FILTER (WHERE kind = 'ADMISSION') AS admissions,
                               coalesce(sum(amount_fen) FILTER (WHERE status = 'PAYABLE'), 0) AS payable_fen,
                               coalesce(sum(amount_fen) FILTER (WHERE status = 'DISPUTED'), 0) AS disputed_fen
                        FROM settlement_line WHERE month = #{month} GROUP BY province""", Map.of("month", month.atDay(1)))
                .map(rows -> {
                    Map<Province, Clearing.ProvinceTotal> byProvince = new EnumMap<>(Province.class);
                    rows.forEach(row -> {
                        Province province = Province.valueOf(row.getString("province"));
                        byProvince.put(province, new Clearing.ProvinceTotal(province, row.getLong("sites"),
                                row.getLong("admissions"), row.getLong("payable_fen"), row.getLong("disputed_fen")));
                    });
                    return byProvince;
                });
    }

    /**
     * A page of the lines booked to the month, by site and business day: of one site, or of all when
     * {@code site} is null; of one status, or all when it is null. The page and its total are read in
     * one statement (one snapshot).
     */
    public Uni<PageResult<SettlementLine>> lines(String site, YearMonth month, SettlementLine.Status status, int page, int size) {
        Map<String, Object> values = new HashMap<>(Map.of("month", month.atDay(1), "limit", size, "offset", (long) page * size));
        String where = "WHERE month = #{month}";
        if (site != null) {
            values.put("site", site);
            where += " AND site_code = #{site}";
        }
        if (status != null) {
            values.put("status", status.name());
            where += " AND status = #{status}";
        }
        String of = " FROM settlement_line " + where;
        return NamedSql.run(pool, "SELECT " + LINE_COLUMNS + ", count(*) OVER () AS total" + of
                        + " ORDER BY site_code, business_day, entry_id, kind LIMIT #{limit} OFFSET #{offset}", values)
                .flatMap(rows -> {
                    List<SettlementLine> lines = Rows.all(rows, SettlementRepository::line);
                    if (!lines.isEmpty() || page == 0) {
                        long total = lines.isEmpty() ? 0 : rows.iterator().next().getLong("total");
                        return Uni.createFrom().item(new PageResult<>(lines, page, size, total));
                    }
                    // a page past the last: the total is counted on its own
                    return NamedSql.run(pool, "SELECT count(*) AS total" + of, values)
                            .map(counted -> new PageResult<>(lines, page, size, counted.iterator().next().getLong("total")));
                });
    }

    /** An entry's ADMISSION line, or null. */
    public Uni<SettlementLine> line(UUID entryId) {
        return NamedSql.run(pool, "SELECT " + LINE_COLUMNS + " FROM settlement_line WHERE entry_id = #{entryId} AND kind = 'ADMISSION'",
                Map.of("entryId", entryId)).map(rows -> Rows.first(rows, SettlementRepository::line));
    }

    /** Resolves the entry's line if it is still disputed; null when it is not (or there is none). */
    public Uni<SettlementLine> resolve(UUID entryId, SettlementLine.Outcome outcome, String note, String by, Instant now) {
        return NamedSql.run(pool, RESOLVE, Map.of("entryId", entryId, "outcome", outcome.name(), "note", note, "by", by,
                "now", Rows.timestamp(now))).map(rows -> Rows.first(rows, SettlementRepository::line));
    }

    /** How closing a month went, and the month's lines and payable fen (all sites) as it closed. */
    public record Closing(Outcome outcome, long lines, long payableFen) {

        public enum Outcome { CLOSED, ALREADY_CLOSED, DISPUTES_OPEN }
    }

    /** The advisory lock space of months (the second key: year * 12 + month), shared by {@code settlement_month}. */
    private static final int MONTH_LOCK_SPACE = 7310003;

    /**
     * Closes the month unless lines of it are still disputed. It holds the month's advisory lock
     * exclusive: the transactions booking lines into the month (who hold it shared, see
     * {@code settlement_month}) finish first, and those that come later book theirs to the next
     * open month; nothing else waits. A wait beyond {@code timeout} (offline batches hold the lock
     * until they commit) is a 503 and closes nothing.
     */
    public Uni<Closing> close(YearMonth month, String by, Instant now, Duration timeout) {
        LocalDate first = month.atDay(1);
        Map<String, Object> values = Map.of("month", first, "now", Rows.timestamp(now), "by", by);
        return pool.withTransaction(transaction -> AdvisoryLocks.hold(transaction, MONTH_LOCK_SPACE,
                        month.getYear() * 12 + month.getMonthValue(), timeout)
                .chain(() -> NamedSql.run(transaction, """
                        SELECT EXISTS (SELECT 1 FROM settlement_line WHERE month = #{month} AND status = 'DISPUTED') AS disputed,
                               EXISTS (SELECT 1 FROM settlement_period WHERE month = #{month}) AS closed,
                               count(*) AS lines, coalesce(sum(amount_fen) FILTER (WHERE status = 'PAYABLE'), 0) AS payable_fen
                        FROM settlement_line WHERE month = #{month}""", values))
                .flatMap(rows -> {
                    Row state = rows.iterator().next();
                    if (state.getBoolean("closed")) {
                        return Uni.createFrom().item(new Closing(Closing.Outcome.ALREADY_CLOSED, 0, 0));
                    }
                    if (state.getBoolean("disputed")) {
                        return Uni.createFrom().item(new Closing(Closing.Outcome.DISPUTES_OPEN, 0, 0));
                    }
                    return NamedSql.run(transaction,
                                    "INSERT INTO settlement_period (month, closed_at, closed_by) VALUES (#{month}, #{now}, #{by})", values)
                            .map(inserted -> new Closing(Closing.Outcome.CLOSED, state.getLong("lines"), state.getLong("payable_fen")));
                }));
    }

    private static SettlementLine line(Row row) {
        String resolution = row.getString("resolution");
        LocalDate adjustmentOf = row.getLocalDate("adjustment_of");
        return new SettlementLine(row.getUUID("entry_id").toString(), SettlementLine.Kind.valueOf(row.getString("kind")),
                row.getString("site_code"),
                Province.valueOf(row.getString("province")), row.getLocalDate("business_day"),
                YearMonth.from(row.getLocalDate("month")).toString(), adjustmentOf == null ? null : YearMonth.from(adjustmentOf).toString(),
                row.getString("product_code"), category(row.getString("category")), row.getInteger("amount_fen"),
                SettlementLine.Status.valueOf(row.getString("status")),
                row.getString("conflict"),
                resolution == null ? null : new SettlementLine.Resolution(SettlementLine.Outcome.valueOf(resolution),
                        row.getString("resolution_note"), row.getString("resolved_by"), Rows.instant(row, "resolved_at")));
    }

    private static Category category(String value) {
        return value == null ? null : Category.valueOf(value);
    }
}
