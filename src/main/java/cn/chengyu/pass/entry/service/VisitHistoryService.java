package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.card.service.CardService;
import cn.chengyu.pass.entry.Entry;
import cn.chengyu.pass.entry.repository.EntryRepository;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.web.PageResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** A card's visits, across its replacements. */
@ApplicationScoped
public class VisitHistoryService {

    private final CardService cards;
    private final EntryRepository entries;

    public VisitHistoryService(CardService cards, EntryRepository entries) {
        this.cards = cards;
        this.entries = entries;
    }

    public Uni<PageResult<Entry>> ofCard(Caller caller, UUID cardId, int page, int size) {
        return cards.findVisible(caller, cardId).flatMap(card -> entries.countOfLineage(card.lineageId)
                .flatMap(total -> entries.pageOfLineage(card.lineageId, page, size)
                        .map(found -> new PageResult<>(found, page, size, total))));
    }
}
