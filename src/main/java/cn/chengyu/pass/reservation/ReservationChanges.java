package cn.chengyu.pass.reservation;

import java.util.List;

/** A site's reservations of a day changed since a version, as its gates keep them, and the version to ask from next. */
public record ReservationChanges(long next, List<Item> reservations) {

    /** A reservation with the number of its lineage's current card: what a gate checks offline. */
    public record Item(Reservation reservation, String cardNumber) {
    }
}
