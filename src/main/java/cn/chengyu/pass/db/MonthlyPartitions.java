package cn.chengyu.pass.db;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.PassConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The months of the partitioned history tables, entry and settlement_line (migration V10): made
 * ahead of need every few hours, made at once when a row arrives for a month that has none (an
 * offline upload after a gap, a clock moved in a test), and, past {@link HistoryMonths#kept()},
 * detached and moved to the schema {@code archive}, where they stay readable until an operator
 * dumps and drops them (README, "Years of history").
 */
@Startup
@ApplicationScoped
public class MonthlyPartitions {

    private static final Logger LOG = Logger.getLogger(MonthlyPartitions.class);
    /**
     * The partition key of a row no partition takes, as PostgreSQL's detail of that error names it:
     * "(business_day) = (2029-03-31)" (the words around it are in the server's language, this is not).
     */
    private static final Pattern MISSING_KEY = Pattern.compile("\\((?:business_day|month)\\) = \\((\\d{4}-\\d{2}-\\d{2})\\)");
    /** The partitions this service makes (and so may detach): entry_pYYYY_MM, settlement_line_pYYYY_MM. */
    private static final Pattern MONTH_PARTITION = Pattern.compile("(entry|settlement_line)_p(\\d{4})_(\\d{2})");
    /** The session-level advisory lock one replica's upkeep holds while it archives. */
    private static final int UPKEEP_LOCK_SPACE = 7310006;

    private final Pool pool;
    private final BusinessTime time;
    private final HistoryMonths months;

    public MonthlyPartitions(Pool pool, BusinessTime time, PassConfig config) {
        this.pool = pool;
        this.time = time;
        this.months = new HistoryMonths(config.historyMonths());
    }

    /** A month table of entry or settlement_line as the catalog lists it. */
    public record Partition(String table, String name, YearMonth month, boolean attached, boolean detachPending) {
    }

    /** Makes the month's partitions of both tables, unless they exist. */
    public Uni<Void> make(YearMonth month) {
        return NamedSql.run(pool, "SELECT create_month_partitions(#{month})", Map.of("month", month.atDay(1))).replaceWithVoid();
    }

    /** The day a write failed for, when it failed because no partition takes that day's (or month's) row. */
    public static Optional<LocalDate> missingFor(Throwable failure) {
        if (failure instanceof PgException pg && "23514".equals(pg.getSqlState()) && pg.getDetail() != null) {
            Matcher key = MISSING_KEY.matcher(pg.getDetail());
            if (key.find()) {
                return Optional.of(LocalDate.parse(key.group(1)));
            }
        }
        return Optional.empty();
    }

    /** Makes the partitions a write found missing (see {@link #missingFor}); the write is then tried again. */
    public Uni<Void> makeFor(Throwable failure) {
        YearMonth month = YearMonth.from(missingFor(failure).orElseThrow());
        LOG.infof("Making the partitions of %s, which a write needed before they were made ahead", month);
        return make(month).onFailure().invoke(cause -> LOG.warnf(cause, "Could not make the partitions of %s", month));
    }

    /** Every few hours (and at start): the months ahead made, the months past keeping archived. */
    @Scheduled(every = "6h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> upkeep() {
        return keep(time.today())
                .onFailure().invoke(failure -> LOG.warn("Could not keep the monthly partitions", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Makes the months {@code today} needs ahead and archives those past keeping whose settlement month
     * is closed (an open one stays, with a warning: close it first); answers the partitions archived.
     * One replica at a time: the others find the lock taken and leave it to that one.
     */
    public Uni<List<String>> keep(LocalDate today) {
        return Multi.createFrom().iterable(months.madeAhead(today)).onItem().transformToUniAndConcatenate(this::make)
                .collect().last()
                .chain(() -> pool.withConnection(connection -> NamedSql.run(connection,
                                "SELECT pg_try_advisory_lock(#{space}, 0) AS taken", Map.of("space", UPKEEP_LOCK_SPACE))
                        .map(rows -> rows.iterator().next().getBoolean("taken"))
                        .chain(taken -> !taken ? Uni.createFrom().item(List.<String>of())
                                : archivePastKeeping(connection, today).eventually(() -> NamedSql.run(connection,
                                        "SELECT pg_advisory_unlock(#{space}, 0)", Map.of("space", UPKEEP_LOCK_SPACE))))));
    }

    private Uni<List<String>> archivePastKeeping(SqlConnection connection, LocalDate today) {
        return Uni.combine().all().unis(tables(connection), closedMonths(connection)).asTuple()
                .chain(found -> Multi.createFrom().iterable(found.getItem1())
                        .filter(partition -> months.pastKeeping(partition.month(), today))
                        .filter(partition -> {
                            boolean closed = found.getItem2().contains(partition.month());
                            if (!closed) {
                                LOG.warnf("%s is past the %d months kept but its settlement month is open: close it to archive it",
                                        partition.name(), months.kept());
                            }
                            return closed;
                        })
                        .onItem().transformToUniAndConcatenate(partition -> archive(connection, partition)
                                .onFailure().invoke(failure -> LOG.warnf(failure, "Could not archive %s", partition.name()))
                                .onFailure().recoverWithNull())
                        .filter(Objects::nonNull)
                        .collect().asList());
    }

    /** The partitions of both tables that this service made. */
    public Uni<List<Partition>> partitions() {
        return tables(pool).map(found -> found.stream().filter(Partition::attached).toList());
    }

    /**
     * The month tables of both tables that this service made, in the schema they were made in:
     * attached partitions, and any detached by an earlier run that stopped before it moved them.
     */
    private static Uni<List<Partition>> tables(SqlClient client) {
        return client.query("""
                        SELECT c.relname AS name, c.relispartition AS attached, coalesce(i.inhdetachpending, false) AS pending
                        FROM pg_class c LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
                        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                          AND c.relname ~ '^(entry|settlement_line)_p[0-9]{4}_[0-9]{2}$' ORDER BY c.relname""").execute()
                .map(rows -> Rows.all(rows, row -> {
                    Matcher name = MONTH_PARTITION.matcher(row.getString("name"));
                    return name.matches() ? new Partition(name.group(1), row.getString("name"),
                            YearMonth.of(Integer.parseInt(name.group(2)), Integer.parseInt(name.group(3))),
                            row.getBoolean("attached"), row.getBoolean("pending")) : null;
                }).stream().filter(Objects::nonNull).toList());
    }

    private static Uni<Set<YearMonth>> closedMonths(SqlClient client) {
        return client.query("SELECT month FROM settlement_period").execute()
                .map(rows -> Rows.all(rows, row -> YearMonth.from(row.getLocalDate("month"))).stream().collect(Collectors.toSet()));
    }

    /**
     * Detaches a partition without blocking the table's readers and writers (CONCURRENTLY: outside a
     * transaction, waiting for those that might still use it; one left pending by an interrupted run
     * is finalized) and moves it to the schema archive. Names come from the catalog and match
     * {@link #MONTH_PARTITION}: nothing from outside reaches this DDL.
     */
    private Uni<String> archive(SqlConnection connection, Partition partition) {
        String detach = "ALTER TABLE \"" + partition.table() + "\" DETACH PARTITION \"" + partition.name() + "\""
                + (partition.detachPending() ? " FINALIZE" : " CONCURRENTLY");
        return (partition.attached() ? connection.query(detach).execute().replaceWithVoid() : Uni.createFrom().voidItem())
                .chain(() -> connection.query("ALTER TABLE \"" + partition.name() + "\" SET SCHEMA archive").execute())
                .invoke(() -> LOG.infof("Archived %s: %s is past the %d months kept", partition.name(), partition.month(), months.kept()))
                .replaceWith(partition.name());
    }
}
