package cn.chengyu.pass.card.rest;

import cn.chengyu.pass.card.CardStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** Changes of card status since a version, for gates that check passes offline. */
@Schema(name = "Denylist", description = "Cards whose status changed since the version asked for")
public record DenylistView(
        @Schema(description = "The current version; ask with since=version next time", example = "42") long version,
        @Schema(description = "Changed cards, oldest change first: SUSPENDED, REVOKED and REPLACED ones are to be refused; "
                + "ISSUED or ACTIVE ones were reinstated and leave the list") List<Entry> cards,
        @Schema(description = "Whether more changes follow: ask again with since=version until this is false") boolean hasMore) {

    /** One changed card. */
    @Schema(name = "DenylistEntry", description = "A card whose status changed")
    public record Entry(
            @Schema(description = "Card id (the cid of its passes)") UUID id,
            @Schema(description = "Card number") String number,
            @Schema(description = "Status now") CardStatus status) {
    }
}
