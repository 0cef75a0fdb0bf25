package cn.chengyu.pass.web.idempotency;

import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotency records, on the reactive client: one row per caller and key, claimed before the
 * work and completed after it.
 */
@ApplicationScoped
public class IdempotencyRepository {

    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored record: its request fingerprint and, once complete, its answer. */
    public record Record(String requestHash, StoredAnswer answer, boolean abandoned) {
    }

    /** Claims the key for this request; answers false when the caller already used it. */
    public Uni<Boolean> claim(SqlClient transaction, String caller, String key, String requestHash) {
        return NamedSql.run(transaction, """
                        INSERT INTO idempotency_record (caller, key, request_hash) VALUES (#{caller}, #{key}, #{hash})
                        ON CONFLICT DO NOTHING""", Map.of("caller", caller, "key", key, "hash", requestHash))
                .map(result -> result.rowCount() == 1);
    }

    public Uni<Record> find(SqlClient transaction, String caller, String key, Duration inFlightTimeout) {
        return NamedSql.run(transaction, """
                        SELECT request_hash, status, content_type, body,
                               (status IS NULL AND created_at < now() - make_interval(secs => #{timeout})) AS abandoned
                        FROM idempotency_record WHERE caller = #{caller} AND key = #{key}""",
                        Map.of("caller", caller, "key", key, "timeout", (double) inFlightTimeout.toSeconds()))
                .map(rows -> Rows.first(rows, IdempotencyRepository::record));
    }

    private static Record record(Row row) {
        Integer status = row.getInteger("status");
        StoredAnswer answer = status == null ? null
                : new StoredAnswer(status, row.getString("content_type"), row.getString("body"));
        return new Record(row.getString("request_hash"), answer, row.getBoolean("abandoned"));
    }

    /** Takes over a claim whose first request died before completing it. */
    public Uni<Boolean> takeOver(SqlClient transaction, String caller, String key, Duration inFlightTimeout) {
        return NamedSql.run(transaction, """
                        UPDATE idempotency_record SET created_at = now()
                        WHERE caller = #{caller} AND key = #{key} AND status IS NULL
                          AND created_at < now() - make_interval(secs => #{timeout})""",
                        Map.of("caller", caller, "key", key, "timeout", (double) inFlightTimeout.toSeconds()))
                .map(result -> result.rowCount() == 1);
    }

    public Uni<Void> complete(String caller, String key, StoredAnswer answer) {
        Map<String, Object> values = new HashMap<>();
        values.put("caller", caller);
        values.put("key", key);
        values.put("status", answer.status());
        values.put("type", answer.contentType());
        values.put("body", answer.body());
        return NamedSql.run(pool, """
                        UPDATE idempotency_record SET status = #{status}, content_type = #{type}, body = #{body}
                        WHERE caller = #{caller} AND key = #{key}""", values).replaceWithVoid();
    }

    /** Frees a key whose request failed in the service, for a retry. */
    public Uni<Void> release(String caller, String key) {
        return NamedSql.run(pool,
                        "DELETE FROM idempotency_record WHERE caller = #{caller} AND key = #{key} AND status IS NULL",
                        Map.of("caller", caller, "key", key)).replaceWithVoid();
    }

    /** Forgets records older than {@code retention}; answers how many. */
    public Uni<Integer> forgetOlderThan(Duration retention) {
        return NamedSql.run(pool, "DELETE FROM idempotency_record WHERE created_at < now() - make_interval(secs => #{age})",
                        Map.of("age", (double) retention.toSeconds()))
                .map(result -> result.rowCount());
    }
}
