package cn.chengyu.pass.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Duration;
import java.util.Map;

/**
 * How long the rest of a transaction's statements wait for a lock (PostgreSQL's lock_timeout, set
 * locally: it ends with the transaction). A longer wait fails with lock_not_available (55P03).
 */
public final class LockWaits {

    private LockWaits() {
    }

    /** From now on in the transaction, a lock is waited for at most {@code wait} (at least a millisecond). */
    public static Uni<Void> atMost(SqlClient transaction, Duration wait) {
        return NamedSql.run(transaction, "SELECT set_config('lock_timeout', #{timeout}, true)",
                Map.of("timeout", Math.max(1, wait.toMillis()) + "ms")).replaceWithVoid();
    }

    /** From now on in the transaction, a lock is waited for as long as it takes. */
    public static Uni<Void> unbounded(SqlClient transaction) {
        return transaction.query("SET LOCAL lock_timeout = 0").execute().replaceWithVoid();
    }
}
