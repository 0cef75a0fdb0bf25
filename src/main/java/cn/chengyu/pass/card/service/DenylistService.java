package cn.chengyu.pass.card.service;

import cn.chengyu.pass.card.CardChange;
import cn.chengyu.pass.card.repository.CardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** What offline gates must know of card status changes. */
@ApplicationScoped
public class DenylistService {

    private final CardRepository cards;

    public DenylistService(CardRepository cards) {
        this.cards = cards;
    }

    /**
     * Up to {@code limit} changes after {@code since}, the newest version among them, and whether
     * more follow. Every change has a version of its own and versions become visible in order (see
     * {@link CardRepository#nextDenylistVersion}), so asking from that version next time skips
     * nothing.
     */
    public Uni<Changes> since(long since, int limit) {
        return cards.denylistedSince(since, limit + 1).map(rows -> {
            List<CardChange> page = rows.subList(0, Math.min(limit, rows.size()));
            return new Changes(page.isEmpty() ? since : page.get(page.size() - 1).denylistVersion(), page, rows.size() > limit);
        });
    }

    /** One page of changes: the newest version among them, the changed cards, and whether more follow. */
    public record Changes(long version, List<CardChange> cards, boolean hasMore) {
    }
}
