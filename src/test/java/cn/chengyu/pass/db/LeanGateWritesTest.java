package cn.chengyu.pass.db;

import cn.chengyu.pass.support.GateFixtures.TestCard;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.byNumber;
import static cn.chengyu.pass.support.GateFixtures.newCard;
import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.GateFixtures.post;
import static cn.chengyu.pass.support.GateFixtures.postBatch;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What migrations V11 and V12 promise a gate's writes: a card's activation writes no index entry (a
 * heap-only update: no index may name a column the activation statements set), and the card and site
 * rows that entries name without a foreign key are never deleted nor given another key.
 */
@QuarkusTest
class LeanGateWritesTest {

    @Inject
    AgroalDataSource database;

    /**
     * A card's first admission, online and in an offline batch, activates it with the repository's own
     * statements; the card's row version it leaves is heap-only (HEAP_ONLY_TUPLE in the heap page, read
     * with pageinspect): no index entry was written for it.
     */
    @Test
    void aCardsFirstAdmissionActivatesItWithAHeapOnlyUpdate() {
        Rows.update(database, "CREATE EXTENSION IF NOT EXISTS pageinspect");
        String site = newSite(10);
        TestCard online = newCard("ANNUAL");
        TestCard offline = newCard("ANNUAL");
        assertFalse(heapOnly(online), "a card just issued is a row version that indexes point to");

        post(site, byNumber(online.number())).statusCode(201).body("decision", equalTo("ADMITTED"));
        postBatch(site, Map.of("entries", List.of(Map.of("entryId", UUID.randomUUID().toString(), "cardNumber", offline.number(),
                        "scannedAt", TestClock.now().minusSeconds(60).toString()))))
                .statusCode(200).body("results.decision", contains("ADMITTED"));

        for (TestCard card : List.of(online, offline)) {
            assertEquals(1, Rows.count(database, "SELECT count(*) FROM card WHERE status = 'ACTIVE' AND number = ?", card.number()));
        }
        assertTrue(heapOnly(online), "activated online without an index entry");
        assertTrue(heapOnly(offline), "activated by a batch without an index entry");
    }

    /** Whether the card's current row version is heap-only (bit 0x8000 of t_infomask2). */
    private boolean heapOnly(TestCard card) {
        return Rows.count(database, """
                SELECT count(*) FROM card c,
                     heap_page_items(get_raw_page('card', (c.ctid::text::point)[0]::int)) i
                WHERE c.id = ?::uuid AND i.lp = (c.ctid::text::point)[1]::int AND (i.t_infomask2 & 32768) <> 0""",
                card.id()) == 1;
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
