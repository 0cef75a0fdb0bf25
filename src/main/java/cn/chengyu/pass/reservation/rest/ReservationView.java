package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.ReservationStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A reservation as its card's owner sees it. */
@Schema(name = "Reservation", description = "A booked seat of a session on one business day")
public record ReservationView(
        @Schema(description = "Reservation id") UUID id,
        @Schema(description = "The card it was booked with (its replacements keep it)") UUID cardId,
        @Schema(description = "Site code", example = "cq-hongyadong") String site,
        @Schema(description = "Business day (Asia/Shanghai)") LocalDate date,
        @Schema(description = "Session code", example = "night") String session,
        @Schema(description = "BOOKED, USED by an admission, CANCELLED, or NO_SHOW once its session ended unused") ReservationStatus status,
        @Schema(description = "When the session opens that day") Instant opensAt,
        @Schema(description = "When it closes (past midnight for a night session)") Instant closesAt,
        @Schema(description = "When it was booked") Instant createdAt) {

    public static ReservationView of(Reservation reservation, Instant now) {
        return new ReservationView(reservation.id(), reservation.cardId(), reservation.site(), reservation.day(),
                reservation.session(), reservation.statusAt(now), reservation.startsAt(), reservation.endsAt(),
                reservation.createdAt());
    }
}
