package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.service.CardStopped;
import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;
import cn.chengyu.pass.site.SiteWatcher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps bookings to what the gates will do with them. A booking no gate can admit its holder with
 * would keep a seat from others and end as a no-show held against the holder: a closed site's
 * bookings, and those of a card revoked or suspended by the card authority, are cancelled (their
 * sessions not ended; seats free again). A session a site's PUT retimed moves its bookings to the new
 * times (cancelling and the no-show reading go by them), or cancels them if it has ended by them.
 */
@ApplicationScoped
public class BookingRelease implements CardStopped, SiteWatcher {

    private static final Logger LOG = Logger.getLogger(BookingRelease.class);

    private final Pool pool;
    private final ReservationRepository reservations;
    private final AvailabilityService availability;
    private final BusinessTime time;

    public BookingRelease(Pool pool, ReservationRepository reservations, AvailabilityService availability, BusinessTime time) {
        this.pool = pool;
        this.reservations = reservations;
        this.availability = availability;
        this.time = time;
    }

    @Override
    public Uni<Void> stopped(SqlConnection transaction, UUID lineageId, Instant now) {
        return reservations.releaseOfLineage(transaction, lineageId, now).replaceWithVoid();
    }

    /**
     * Once a site's PUT committed: a closed site gives up its bookings; an open one's follow their
     * sessions' times. Both on the site as committed, its row held meanwhile ({@link
     * ReservationRepository#siteHeld}), so that of two PUTs in a row the bookings end as the second
     * has them, whichever of the two watchers runs last.
     */
    @Override
    public Uni<Void> siteChanged(String code) {
        Instant now = time.now();
        return pool.withTransaction(transaction -> reservations.siteHeld(transaction, code).chain(site -> site == null
                        ? Uni.createFrom().voidItem()
                        : site.status() == SiteStatus.CLOSED ? closed(transaction, code, now)
                        : follow(transaction, code, site.sessions(), now)))
                .chain(() -> availability.siteChanged(code));
    }

    private Uni<Void> closed(SqlConnection transaction, String site, Instant now) {
        return reservations.releaseAtSite(transaction, site, now).invoke(released -> {
            if (released > 0) {
                LOG.infof("Site %s closed: %d bookings of sessions not ended were cancelled", site, released);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> follow(SqlConnection transaction, String site, List<Session> sessions, Instant now) {
        Map<String, Session> byCode = sessions.stream().collect(Collectors.toMap(Session::code, Function.identity()));
        return reservations.bookedAt(transaction, site, now).chain(booked -> {
            List<Reservation> moved = new ArrayList<>();
            List<UUID> over = new ArrayList<>();
            for (Reservation booking : booked) {
                Session session = byCode.get(booking.session());
                Reservation retimed = session == null ? booking : booking.at(session);
                if (!retimed.endsAt().isAfter(now)) {
                    over.add(booking.id());
                } else if (!retimed.equals(booking)) {
                    moved.add(retimed);
                }
            }
            return (moved.isEmpty() ? Uni.createFrom().voidItem() : reservations.retime(transaction, moved, now))
                    .chain(() -> over.isEmpty() ? Uni.createFrom().voidItem()
                            : reservations.release(transaction, over, now).replaceWithVoid());
        });
    }
}
