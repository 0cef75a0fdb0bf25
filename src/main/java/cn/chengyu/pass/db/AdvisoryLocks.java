package cn.chengyu.pass.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Duration;
import java.util.Map;

/**
 * Transaction-scoped advisory locks (two keys: a space of this service's, and a key within it),
 * waited for at most a given time: a longer wait fails with lock_not_available (55P03, a 503 by
 * {@code DatabaseFailures}) and the transaction holds nothing. The bound is on the wait for this lock
 * only; the statements after it wait for their row locks as they would without it.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Holds ({@code space}, {@code key}) until the transaction ends. */
    public static Uni<Void> hold(SqlClient transaction, int space, int key, Duration wait) {
        return bounded(transaction, wait, "SELECT pg_advisory_xact_lock(#{space}, #{key})", Map.of("space", space, "key", key));
    }

    /** Holds ({@code space}, {@code hashtext(key)}) until the transaction ends. */
    public static Uni<Void> hold(SqlClient transaction, int space, String key, Duration wait) {
        return bounded(transaction, wait, "SELECT pg_advisory_xact_lock(#{space}, hashtext(#{key}))",
                Map.of("space", space, "key", key));
    }

    private static Uni<Void> bounded(SqlClient transaction, Duration wait, String lock, Map<String, Object> values) {
        return LockWaits.atMost(transaction, wait)
                .chain(() -> NamedSql.run(transaction, lock, values))
                .chain(() -> LockWaits.unbounded(transaction));
    }
}
