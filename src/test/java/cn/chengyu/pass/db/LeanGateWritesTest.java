package cn.chengyu.pass.db;

import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What migrations V11 and V12 promise a gate's writes: the card and site rows that entries name
 * without a foreign key are never deleted nor given another key, and a card's activation writes no
 * index entry (a heap-only update: no index may name a column it sets).
 */
@QuarkusTest
class LeanGateWritesTest {

    @Inject
    AgroalDataSource database;

    @Test
    void aCardsActivationIsAHeapOnlyUpdate() throws SQLException {
        TestCard card = newCard("ANNUAL");
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // the columns AdmissionRepository's activations (ACTIVATE_CARD, ACTIVATE_CARDS) set
                try (PreparedStatement activate = connection.prepareStatement("""
                        UPDATE card SET status = 'ACTIVE', activated_at = now(), valid_until = now() + interval '1 year',
                                        updated_at = now()
                        WHERE id = ?::uuid AND status = 'ISSUED'""")) {
                    activate.setString(1, card.id());
                    assertEquals(1, activate.executeUpdate());
                }
                try (PreparedStatement counts = connection.prepareStatement(
                        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'card'");
                     ResultSet row = counts.executeQuery()) {
                    row.next();
                    assertEquals(1, row.getLong(1), "card rows updated in this transaction");
                    assertEquals(1, row.getLong(2), "of them heap-only, with no index entry written");
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void cardAndSiteRowsAreNeverDeletedNorGivenAnotherKey() {
        TestCard card = newCard("ANNUAL");
        String site = newSite(10);
        assertRefused("DELETE FROM card WHERE id = ?::uuid", card.id());
        assertRefused("UPDATE card SET id = gen_random_uuid() WHERE id = ?::uuid", card.id());
        assertRefused("DELETE FROM site WHERE code = ?", site);
        assertRefused("UPDATE site SET code = code || '-x' WHERE code = ?", site);
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM card WHERE id = ?::uuid", card.id()));
        assertEquals(1, Rows.count(database, "SELECT count(*) FROM site WHERE code = ?", site));
    }

    private void assertRefused(String sql, String key) {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> Rows.update(database, sql, key));
        SQLException refused = assertInstanceOf(SQLException.class, failed.getCause());
        assertEquals("23503", refused.getSQLState(), refused.getMessage());
    }
}
