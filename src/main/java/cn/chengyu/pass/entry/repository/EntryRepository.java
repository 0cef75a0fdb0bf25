package cn.chengyu.pass.entry.repository;

import cn.chengyu.pass.db.NamedSql;
import cn.chengyu.pass.db.Rows;
import cn.chengyu.pass.entry.Entry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads recorded entries (written by {@link AdmissionRepository}, on the same reactive client). */
@ApplicationScoped
public class EntryRepository {

    private final Pool pool;

    public EntryRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of a card lineage's entries, newest scan first. */
    public Uni<List<Entry>> pageOfLineage(UUID lineageId, int page, int size) {
        return NamedSql.run(pool, """
                        SELECT entry_id, site_code, decision, reason, conflict, scanned_at, recorded_at FROM entry
                        WHERE lineage_id = #{lineage} ORDER BY scanned_at DESC, entry_id LIMIT #{limit} OFFSET #{offset}""",
                        Map.of("lineage", lineageId, "limit", size, "offset", (long) page * size))
                .map(rows -> Rows.all(rows, EntryRepository::entry));
    }

    public Uni<Long> countOfLineage(UUID lineageId) {
        return NamedSql.run(pool, "SELECT count(*) AS total FROM entry WHERE lineage_id = #{lineage}",
                        Map.of("lineage", lineageId)).map(rows -> rows.iterator().next().getLong("total"));
    }

    private static Entry entry(Row row) {
        return new Entry(row.getUUID("entry_id"), row.getString("site_code"), row.getString("decision"),
                row.getString("reason"), row.getString("conflict"), Rows.instant(row, "scanned_at"),
                Rows.instant(row, "recorded_at"));
    }
}
