package cn.chengyu.pass.db;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamedSqlTest {

    @Test
    void layoutIsSqueezedOutsideQuotedLiterals() {
        assertEquals("SELECT a, 'two  spaces\n kept' AS \"odd  name\" FROM t WHERE x = 'it''s' AND y > 1",
                NamedSql.squeezed("""
                        SELECT a,   'two  spaces
                         kept' AS "odd  name"
                        FROM t
                            WHERE x = 'it''s'  AND y > 1
                        """));
    }

    @Test
    void aCommentIsRefusedButDashesInLiteralsAreNot() {
        assertThrows(IllegalArgumentException.class, () -> NamedSql.squeezed("SELECT 1 -- one\nFROM t"));
        assertEquals("SELECT '--' FROM t", NamedSql.squeezed("SELECT '--'\n  FROM t"));
        assertEquals("SELECT 2 - -1", NamedSql.squeezed("SELECT 2 - -1"));
    }

    @Test
    void aStatementTooLongForThePreparedStatementCacheIsRefused() {
        String longList = "1, ".repeat(StatementCachingPool.CACHED_SQL_LIMIT / 3) + "1";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NamedSql.run(null, "SELECT " + longList + " WHERE #{x}", Map.of("x", true)));
        assertTrue(refused.getMessage().contains("planned on every run"), refused.getMessage());
    }
}
