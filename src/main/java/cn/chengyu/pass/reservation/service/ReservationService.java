package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.service.CardService;
import cn.chengyu.pass.reservation.BookingPolicy;
import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.ReservationChanges;
import cn.chengyu.pass.reservation.ReservationStatus;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.service.SiteService;
import cn.chengyu.pass.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Books, lists and cancels a card's reservations: the card and the rules are checked here, the
 * seats are counted by the database. Every change drops the cached availability of its session's day.
 */
@ApplicationScoped
public class ReservationService {

    private final ReservationRepository reservations;
    private final CardService cards;
    private final SiteService sites;
    private final BookingPolicy policy;
    private final AvailabilityService availability;
    private final BusinessTime time;
    private final MeterRegistry metrics;

    public ReservationService(ReservationRepository reservations, CardService cards, SiteService sites, BookingPolicy policy,
                              AvailabilityService availability, BusinessTime time, MeterRegistry metrics) {
        this.reservations = reservations;
        this.cards = cards;
        this.sites = sites;
        this.policy = policy;
        this.availability = availability;
        this.time = time;
        this.metrics = metrics;
    }

    /** Books a seat of the site's session on that day for the caller's card. */
    public Uni<Reservation> book(Caller caller, UUID cardId, String siteCode, LocalDate day, String sessionCode) {
        return cards.findOwned(caller, cardId).map(cards::requireUsable).flatMap(card -> sites.find(siteCode)
                .flatMap(site -> {
                    Session session = sessionOf(site, sessionCode);
                    String problem = policy.bookingProblem(session, day);
                    if (problem != null) {
                        throw counted(site.code, session.code(), "not-bookable",
                                new ProblemException(422, "not-bookable", "Not bookable", problem, null));
                    }
                    return notSuspended(card).chain(() -> seat(card, site, session, day));
                }));
    }

    private Uni<Void> notSuspended(Card card) {
        Instant now = time.now();
        return reservations.noShows(card.idNumberHash, policy.noShowsSince(), now).map(policy::suspendedUntil)
                .invoke(until -> until.ifPresent(end -> {
                    throw new ProblemException(403, "booking-suspended", "Booking suspended",
                            "Booking is suspended until " + end.atZone(BusinessTime.ZONE).toOffsetDateTime()
                                    + " after " + BookingPolicy.NO_SHOWS_TO_SUSPEND + " unused bookings within "
                                    + BookingPolicy.NO_SHOW_WINDOW.toDays() + " days.", null);
                })).replaceWithVoid();
    }

    private Uni<Reservation> seat(Card card, Site site, Session session, LocalDate day) {
        Instant now = time.now();
        Reservation wanted = new Reservation(UUID.randomUUID(), card.id, card.lineageId, site.code, day, session.code(),
                session.opensOn(day), session.closesOn(day), ReservationStatus.BOOKED, now, 0);
        return reservations.book(wanted, session.capacity()).map(booking -> {
            if (!booking.seated()) {
                throw counted(site.code, session.code(), "full", new ProblemException(409, "session-full", "Session full",
                        "The session '" + session.code() + "' of " + day + " at '" + site.code + "' has no seat left.", null));
            }
            if (booking.version() == null) {
                throw counted(site.code, session.code(), "already-reserved", new ProblemException(409, "already-reserved",
                        "Already reserved", "This card already holds a reservation at '" + site.code + "' on " + day + ".", null));
            }
            count(site.code, session.code(), "booked");
            return new Reservation(wanted.id(), wanted.cardId(), wanted.lineageId(), wanted.site(), wanted.day(),
                    wanted.session(), wanted.startsAt(), wanted.endsAt(), wanted.status(), wanted.createdAt(), booking.version());
        }).call(booked -> availability.changed(site.code, day));
    }

    private static Session sessionOf(Site site, String code) {
        return site.sessionRules().stream().filter(session -> session.code().equals(code)).findFirst()
                .orElseThrow(() -> new ProblemException(422, "not-bookable", "Not bookable",
                        "Site '" + site.code + "' has no session '" + code + "'.", null));
    }

    /** The reservations of the card's lineage, for its owner or the card authority. */
    public Uni<List<Reservation>> list(Caller caller, UUID cardId) {
        return cards.findVisible(caller, cardId).flatMap(card -> reservations.ofLineage(card.lineageId));
    }

    /** Cancels one of the card's bookings before its session opens; its seat is free again. */
    public Uni<Reservation> cancel(Caller caller, UUID cardId, UUID reservationId) {
        return cards.findOwned(caller, cardId).flatMap(card -> reservations.find(reservationId, card.lineageId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No reservation " + reservationId + " of this card."))
                .flatMap(found -> {
                    if (!policy.cancellable(found)) {
                        throw new ProblemException(409, "not-cancellable", "Not cancellable", "The reservation is "
                                + found.statusAt(time.now()) + (found.status() == ReservationStatus.BOOKED
                                ? " and its session has opened" : "") + "; only a booking whose session has not opened can be cancelled.",
                                null);
                    }
                    return reservations.cancel(found.id(), card.lineageId, time.now()).flatMap(cancelled -> {
                        if (!cancelled) {
                            throw ProblemException.conflict("The reservation changed meanwhile; read it again.");
                        }
                        count(found.site(), found.session(), "cancelled");
                        return availability.changed(found.site(), found.day())
                                .chain(() -> reservations.find(found.id(), card.lineageId));
                    });
                }));
    }

    /** A site's reservations of a day changed from version {@code since} on, for its gates' offline checks. */
    public Uni<ReservationChanges> changes(String site, LocalDate day, long since) {
        return sites.find(site).chain(() -> reservations.changes(site, day, since));
    }

    private ProblemException counted(String site, String session, String outcome, ProblemException problem) {
        count(site, session, outcome);
        return problem;
    }

    private void count(String site, String session, String outcome) {
        metrics.counter("chengyu.bookings", "site", site, "session", session, "outcome", outcome).increment();
    }
}
