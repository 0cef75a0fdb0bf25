package cn.chengyu.pass.entry.repository;

import cn.chengyu.pass.entry.Entry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reads recorded entries. */
@ApplicationScoped
@WithSession
public class EntryRepository implements PanacheRepositoryBase<Entry, UUID> {

    public Uni<List<Entry>> pageOfLineage(UUID lineageId, int page, int size) {
        return find("lineageId", Sort.descending("scannedAt").and("entryId"), lineageId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countOfLineage(UUID lineageId) {
        return count("lineageId", lineageId);
    }
}
