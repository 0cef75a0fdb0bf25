package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.reservation.ReservationStatus;
import cn.chengyu.pass.reservation.ReservationChanges;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A site's reservations of a day as its gates keep them for offline checks. */
@Schema(name = "GateReservations", description = "Reservations of a site's day changed since a version, for gates' offline checks")
public record GateReservationsView(
        @Schema(description = "Ask with since = this next time; a change may come twice, none is missed") long version,
        @Schema(description = "The reservations changed, oldest change first") List<Item> reservations) {

    /** One reservation: no personal data, only the card it admits. */
    @Schema(name = "GateReservation", description = "A reservation as a gate checks it")
    public record Item(
            @Schema(description = "Reservation id") UUID id,
            @Schema(description = "Number of the current card of the lineage it was booked for", example = "6200000000000001") String cardNumber,
            @Schema(description = "Session code") String session,
            @Schema(description = "BOOKED, USED, CANCELLED or NO_SHOW") ReservationStatus status,
            @Schema(description = "When its session opens") Instant opensAt,
            @Schema(description = "When it closes") Instant closesAt,
            @Schema(description = "Version of this change") long version) {
    }

    public static GateReservationsView of(ReservationChanges changes, Instant now) {
        return new GateReservationsView(changes.next(), changes.reservations().stream().map(found -> new Item(
                found.reservation().id(), found.cardNumber(), found.reservation().session(),
                found.reservation().statusAt(now), found.reservation().startsAt(), found.reservation().endsAt(),
                found.reservation().version())).toList());
    }
}
