package cn.chengyu.pass.site.repository;

import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A site_session row as the reactive client reads it (the hot paths that judge scans and bookings read
 * sessions in their own statements), mapped once: columns {@code opens, closes, capacity, reservation}
 * and the session's code under {@code codeColumn}.
 */
public final class SessionRows {

    private SessionRows() {
    }

    public static Session session(Row row, String codeColumn) {
        return new Session(row.getString(codeColumn), row.getLocalTime("opens"), row.getLocalTime("closes"),
                row.getInteger("capacity"), ReservationRule.valueOf(row.getString("reservation")));
    }
}
