package cn.chengyu.pass.support;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/** Counts rows in the test database, the way the invariants are checked, and sets up what the API cannot. */
public final class Rows {

    private Rows() {
    }

    /** The single number {@code sql} answers for one string parameter. */
    public static int count(AgroalDataSource database, String sql, String value) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code sql} with these parameters (a card pushed back in time, a row set up by hand); Instants as timestamps. */
    public static void update(AgroalDataSource database, String sql, Object... values) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
            }
            statement.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
