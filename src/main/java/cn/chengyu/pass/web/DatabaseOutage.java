package cn.chengyu.pass.web;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.SocketException;

/**
 * Tells a failure caused by PostgreSQL being away (down, restarting, unreachable) from a failure
 * of the service itself: the first is answered 503 with Retry-After, since the same request will
 * succeed once the database is back; the second stays a 500.
 */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SocketException || cause instanceof ClosedConnectionException) {
                return true;
            }
            // Class 08: connection exceptions; 57P01-57P03: shut down by an administrator, crashed, cannot connect now.
            if (cause instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
