package cn.chengyu.pass.card.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.UUID;

/**
 * Told, inside the transaction that revokes a card or has the card authority suspend it, that its
 * lineage will not be admitted: what it holds for later visits is given up in that transaction, so
 * that it neither keeps seats others could use nor ends as no-shows held against the holder. A
 * holder's own suspension is not told: its bookings wait for the card's replacement.
 */
public interface CardStopped {

    Uni<Void> stopped(SqlConnection transaction, UUID lineageId, Instant now);
}
