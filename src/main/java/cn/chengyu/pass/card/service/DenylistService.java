package cn.chengyu.pass.card.service;

import cn.chengyu.pass.card.repository.CardRepository;
import cn.chengyu.pass.card.rest.DenylistView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What offline gates must know of card status changes. */
@ApplicationScoped
public class DenylistService {

    private final CardRepository cards;

    public DenylistService(CardRepository cards) {
        this.cards = cards;
    }

    /**
     * The changes after {@code since} and the newest version among them. Versions become visible
     * in order (see {@link CardRepository#nextDenylistVersion()}), so asking from that version
     * next time skips nothing.
     */
    @WithSession
    public Uni<DenylistView> since(long since) {
        return cards.denylistedSince(since).map(changed -> new DenylistView(
                changed.stream().mapToLong(card -> card.denylistVersion).max().orElse(since),
                changed.stream().map(card -> new DenylistView.Entry(card.id, card.number, card.status)).toList()));
    }
}
