package cn.chengyu.pass.web;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;

/**
 * Failures from PostgreSQL that are not the service's fault, told apart by their cause: the
 * database being away (answered 503 with Retry-After, since the same request will succeed once it
 * is back), text the database cannot store (answered 400), and a unique key taken by a request
 * that ran at the same moment, after this one checked it was free (answered 409, as the check
 * would have). Anything else stays a 500.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** PostgreSQL is down, restarting or unreachable. */
    static boolean outage(Throwable failure) {
        return Causes.any(failure, cause -> {
            if (cause instanceof ConnectException || cause instanceof SocketException || cause instanceof ClosedConnectionException) {
                return true;
            }
            // Class 08: connection exceptions; 57P01-57P03: shut down by an administrator, crashed, cannot connect now;
            // 53300: the server has no connection slot left (too many replicas or clients at once).
            String state = sqlState(cause);
            return state != null && (state.startsWith("08") || state.startsWith("57P") || "53300".equals(state));
        });
    }

    /** A parameter held a character PostgreSQL cannot store (a NUL in a query or path parameter). */
    static boolean unstorableText(Throwable failure) {
        return Causes.any(failure, cause -> "22021".equals(sqlState(cause)) || "22P05".equals(sqlState(cause)));
    }

    /** A lock was not granted within the transaction's lock_timeout (55P03): the work may run again shortly. */
    public static boolean lockWaitTimedOut(Throwable failure) {
        return Causes.any(failure, cause -> "55P03".equals(sqlState(cause)));
    }

    /** A unique constraint refused the write: another request took the same key at the same moment. */
    static boolean uniqueKeyTaken(Throwable failure) {
        return Causes.any(failure, cause -> "23505".equals(sqlState(cause)));
    }

    private static String sqlState(Throwable cause) {
        if (cause instanceof PgException pg) {
            return pg.getSqlState();
        }
        return cause instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
