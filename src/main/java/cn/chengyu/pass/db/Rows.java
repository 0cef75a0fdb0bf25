package cn.chengyu.pass.db;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What every repository on the reactive client does with rows and timestamps. */
public final class Rows {

    private Rows() {
    }

    /** The first row mapped, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }

    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> found = new ArrayList<>(rows.size());
        for (Row row : rows) {
            found.add(mapper.apply(row));
        }
        return found;
    }

    /** A {@code timestamptz} column as an instant (null stays null). */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** An instant as a {@code timestamptz} parameter (null stays null). */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** An enum as its stored name (null stays null). */
    public static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
