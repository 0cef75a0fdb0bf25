package cn.chengyu.pass.card.service;

import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.card.rest.DenylistView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
     * {@link CardRepository#nextDenylistVersion()}), so asking from that version next time skips
     * nothing.
     */
    @WithSession
    public Uni<DenylistView> since(long since, int limit) {
        return cards.denylistedSince(since, limit + 1).map(rows -> {
            List<CardRepository.DenylistRow> page = rows.subList(0, Math.min(limit, rows.size()));
            return new DenylistView(
                    page.isEmpty() ? since : page.get(page.size() - 1).denylistVersion(),
                    page.stream().map(row -> new DenylistView.Entry(row.id(), row.number(), row.status())).toList(),
                    rows.size() > limit);
        });
    }
}
