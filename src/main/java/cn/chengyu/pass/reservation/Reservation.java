package cn.chengyu.pass.reservation;

import cn.chengyu.pass.site.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A booked seat of one session of a site on one business day, for a card's lineage (a replacement
 * card keeps its bookings). Stored by {@code ReservationRepository} on the reactive client: bookings
 * and admissions change it in the statements that count seats.
 */
public record Reservation(UUID id, UUID cardId, UUID lineageId, String site, LocalDate day, String session,
                          Instant startsAt, Instant endsAt, ReservationStatus status, Instant createdAt, long version) {

    /** The same reservation as stored under {@code version}. */
    public Reservation withVersion(long version) {
        return new Reservation(id, cardId, lineageId, site, day, session, startsAt, endsAt, status, createdAt, version);
    }

    /** The same reservation for its session's times on its day as they are now (a site's PUT retimed the session). */
    public Reservation at(Session session) {
        return new Reservation(id, cardId, lineageId, site, day, this.session, session.opensOn(day), session.closesOn(day), status,
                createdAt, version);
    }

    /** The status as of {@code now}: a booking whose session has ended unused reads as NO_SHOW. */
    public ReservationStatus statusAt(Instant now) {
        return status == ReservationStatus.BOOKED && !now.isBefore(endsAt) ? ReservationStatus.NO_SHOW : status;
    }
}
