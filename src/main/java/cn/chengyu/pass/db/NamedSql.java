package cn.chengyu.pass.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements written with named parameters ({@code #{name}}, as Vert.x's SqlTemplate takes them),
 * turned into PostgreSQL's {@code $n} form once per statement rather than on every call: SqlTemplate
 * parses its template each time it is made, which was an eighth of the CPU of a 500-scan offline batch
 * (JFR, bench/gate.sh). A name used twice is one parameter. Templates are constants (the cache is keyed
 * by them and never shrinks): never build one from a runtime value.
 */
public final class NamedSql {

    private static final Pattern PARAMETER = Pattern.compile("#\\{(\\w+)}");
    private static final Map<String, NamedSql> PARSED = new ConcurrentHashMap<>();

    private final String sql;
    private final List<String> names;

    private NamedSql(String template) {
        List<String> found = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder sql = new StringBuilder();
        while (matcher.find()) {
            int index = found.indexOf(matcher.group(1));
            if (index < 0) {
                found.add(matcher.group(1));
                index = found.size() - 1;
            }
            matcher.appendReplacement(sql, "\\$" + (index + 1));
        }
        matcher.appendTail(sql);
        if (sql.indexOf("#{") >= 0) {
            throw new IllegalArgumentException("A parameter is not #{name} (letters, digits, _): " + template);
        }
        this.sql = sql.toString();
        this.names = List.copyOf(found);
    }

    /** Runs {@code template} on {@code client} with {@code values} for its names (each one must be given; null is a value). */
    public static Uni<RowSet<Row>> run(SqlClient client, String template, Map<String, Object> values) {
        NamedSql statement = PARSED.computeIfAbsent(template, NamedSql::new);
        return Uni.createFrom().deferred(() -> client.preparedQuery(statement.sql).execute(statement.bind(values)));
    }

    private Tuple bind(Map<String, Object> values) {
        Tuple tuple = Tuple.tuple();
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No value for #{" + name + "}");
            }
            tuple.addValue(values.get(name));
        }
        return tuple;
    }
}
