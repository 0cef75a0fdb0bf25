package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.service.CardStopped;
import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;
import cn.chengyu.pass.site.SiteWatcher;
import cn.chengyu.pass.site.service.SiteService;
import io.smallrye.mutiny.Uni;
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
 * times (cancelling and the no-show reading go by them).
 */
@ApplicationScoped
public class BookingRelease implements CardStopped, SiteWatcher {

    private static final Logger LOG = Logger.getLogger(BookingRelease.class);

    private final ReservationRepository reservations;
    private final SiteService sites;
    private final AvailabilityService availability;
    private final BusinessTime time;

    public BookingRelease(ReservationRepository reservations, SiteService sites, AvailabilityService availability,
                          BusinessTime time) {
        this.reservations = reservations;
        this.sites = sites;
        this.availability = availability;
        this.time = time;
    }

    @Override
    public Uni<Void> stopped(SqlConnection transaction, UUID lineageId, Instant now) {
        return reservations.releaseOfLineage(transaction, lineageId, now).replaceWithVoid();
    }

    /**
     * Once a site's PUT committed: a closed site gives up its bookings; an open one's follow their
     * sessions' times. Both read what is stored then, so the last PUT's watcher leaves its state.
     */
    @Override
    public Uni<Void> siteChanged(String code) {
        Instant now = time.now();
        return sites.findWithSessions(code).chain(site -> site.status == SiteStatus.CLOSED
                        ? reservations.releaseAtSite(code, now).invoke(released -> {
                            if (released > 0) {
                                LOG.infof("Site %s closed: %d bookings of sessions not ended were cancelled", code, released);
                            }
                        }).replaceWithVoid()
                        : retime(code, site.sessionRules(), now))
                .chain(() -> availability.siteChanged(code));
    }

    private Uni<Void> retime(String site, List<Session> sessions, Instant now) {
        Map<String, Session> byCode = sessions.stream().collect(Collectors.toMap(Session::code, Function.identity()));
        return reservations.bookedAt(site, now).chain(booked -> {
            List<Reservation> moved = new ArrayList<>();
            for (Reservation booking : booked) {
                Session session = byCode.get(booking.session());
                Reservation retimed = session == null ? booking : booking.at(session);
                if (!retimed.equals(booking)) {
                    moved.add(retimed);
                }
            }
            return moved.isEmpty() ? Uni.createFrom().voidItem() : reservations.retime(moved, now);
        });
    }
}
