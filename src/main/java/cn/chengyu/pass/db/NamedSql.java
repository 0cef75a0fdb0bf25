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
 * <p>
 * The statement sent is the template with its layout squeezed out (runs of white space outside quoted
 * literals become one space), and it must fit the connections' prepared statement cache (see
 * {@link StatementCachingPool}): a longer one would be parsed and planned by PostgreSQL on every run.
 * So a template too long, or one with a {@code --} comment (which would swallow the rest once lines
 * are joined), is refused when first used.
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
        this.sql = squeezed(sql.toString());
        if (this.sql.length() > StatementCachingPool.CACHED_SQL_LIMIT) {
            throw new IllegalArgumentException("A statement of " + this.sql.length() + " characters would be planned on every run "
                    + "(the prepared statement cache takes up to " + StatementCachingPool.CACHED_SQL_LIMIT
                    + "): " + this.sql);
        }
        this.names = List.copyOf(found);
    }

    /** {@code sql} with each run of white space outside quoted literals made one space; no {@code --} comments. */
    static String squeezed(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                quote = c == quote ? 0 : quote;
            } else if (Character.isWhitespace(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                    throw new IllegalArgumentException("A statement with a -- comment: " + sql);
                }
                quote = c == '\'' || c == '"' ? c : 0;
                out.append(c);
            }
        }
        return out.toString().strip();
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
