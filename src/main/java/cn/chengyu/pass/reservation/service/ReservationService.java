package cn.chengyu.pass.reservation.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.service.CardService;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.reservation.BookingPolicy;
import cn.chengyu.pass.reservation.Reservation;
import cn.chengyu.pass.reservation.ReservationChanges;
import cn.chengyu.pass.reservation.ReservationStatus;
import cn.chengyu.pass.reservation.repository.ReservationRepository;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteStatus;
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

    /** Times a booking whose session or card changed while it was judged is judged again before it answers 503. */
    private static final int CHANGE_RETRIES = 3;

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

    /**
     * Books a seat of the site's session on that day for the caller's card: what the booking is
     * judged on is read in one statement (and whether the holder's unused bookings are excused in
     * another, when there are enough of them to suspend booking), the seat is taken in another.
     */
    public Uni<Reservation> book(Caller caller, UUID cardId, String siteCode, LocalDate day, String sessionCode) {
        Instant now = time.now();
        return reservations.bookingContext(cardId, siteCode, sessionCode, day, policy.noShowsSince(), now)
                .flatMap(context -> {
                    // someone else's card is a 404 before anything more is read for it
                    CardService.owned(caller, cardId, context == null ? null : context.card());
                    return noShows(context.unused(), now).map(noShows -> new Judged(context, noShows));
                })
                .flatMap(judged -> judge(caller, cardId, siteCode, day, sessionCode, judged, now))
                .onFailure(JudgedOnChanged.class).retry().atMost(CHANGE_RETRIES)
                .onFailure(JudgedOnChanged.class).transform(changing -> ProblemException.busy("The site's sessions or the "
                        + "card were being changed each time this booking was tried; nothing was booked. Send it again.", 1));
    }

    /** Judges a booking on what was read for it and, when nothing stands against it, takes its seat. */
    private Uni<Reservation> judge(Caller caller, UUID cardId, String siteCode, LocalDate day, String sessionCode, Judged judged,
                                   Instant now) {
        ReservationRepository.BookingContext context = judged.context();
        Card card = cards.requireUsable(context.card());
        if (context.siteStatus() == null) {
            throw ProblemException.notFound("No site with code '" + siteCode + "'.");
        }
        if (context.siteStatus() == SiteStatus.CLOSED) {
            // A seat the gates would refuse (SITE_CLOSED) would end as a no-show held against the holder.
            throw counted(siteCode, context.session() == null ? "unknown" : sessionCode, "site-closed", new ProblemException(409,
                    "site-closed", "Site closed", "Site '" + siteCode + "' is closed and takes no bookings.", null));
        }
        Session session = context.session();
        if (session == null) {
            // The session code is the caller's: it names no metric series.
            throw counted(siteCode, "unknown", "not-bookable", new ProblemException(422, "not-bookable", "Not bookable",
                    "Site '" + siteCode + "' has no session '" + sessionCode + "'.", null));
        }
        String problem = policy.bookingProblem(session, day);
        if (problem != null) {
            throw counted(siteCode, sessionCode, "not-bookable",
                    new ProblemException(422, "not-bookable", "Not bookable", problem, null));
        }
        if (!BookingPolicy.validWhenOpens(card.activationDeadline, card.activatedAt, card.validUntil, session, day)) {
            throw counted(siteCode, sessionCode, "card-expired", ProblemException.conflict(card.activatedAt == null
                    ? "The card must be first used by " + card.activationDeadline.atZone(BusinessTime.ZONE).toOffsetDateTime()
                            + ", before the session opens."
                    : "The card is valid until " + card.validUntil.atZone(BusinessTime.ZONE).toOffsetDateTime()
                            + ", before the session opens."));
        }
        if (context.entered()) {
            // its gates would refuse the card ALREADY_ENTERED, and the seat would end as a no-show
            throw counted(siteCode, sessionCode, "already-entered", new ProblemException(409, "already-entered",
                    "Already entered", "This card has already entered '" + siteCode + "' as often as its product allows"
                    + " for " + day + ".", null));
        }
        policy.suspendedUntil(judged.noShows()).ifPresent(until -> {
            throw counted(siteCode, sessionCode, "suspended", new ProblemException(403, "booking-suspended",
                    "Booking suspended", "Booking is suspended until " + until.atZone(BusinessTime.ZONE).toOffsetDateTime()
                    + " after " + BookingPolicy.NO_SHOWS_TO_SUSPEND + " unused bookings within "
                    + BookingPolicy.NO_SHOW_WINDOW.toDays() + " days.", null));
        });
        return seat(card, siteCode, session, day, now);
    }

    /** What a booking is judged on, with the holder's no-shows: its unused bookings not excused. */
    private record Judged(ReservationRepository.BookingContext context, List<Instant> noShows) {
    }

    /**
     * The end times of the no-shows among unused bookings. Whether one is excused (its holder came, see
     * {@link ReservationRepository#excused}) is read only when they are enough to suspend booking.
     */
    private Uni<List<Instant>> noShows(List<ReservationRepository.Unused> unused, Instant now) {
        if (unused.size() < BookingPolicy.NO_SHOWS_TO_SUSPEND) {
            return Uni.createFrom().item(unused.stream().map(ReservationRepository.Unused::endsAt).toList());
        }
        // An excusing entry came before the booking's session ended, on the booking's day (a night session ends
        // the day after) or, under a once-a-site limit, days before it: as early as the booking was made (up to
        // DAYS_AHEAD before its day), or a scan that old (MAX_AGE) uploaded later.
        LocalDate from = LocalDate.ofInstant(unused.get(0).endsAt(), BusinessTime.ZONE)
                .minusDays(1 + BookingPolicy.DAYS_AHEAD + AdmissionPolicy.MAX_AGE.toDays());
        return reservations.excused(unused.stream().map(ReservationRepository.Unused::id).toList(), from,
                        LocalDate.ofInstant(now, BusinessTime.ZONE))
                .map(excused -> unused.stream().filter(booking -> !excused.contains(booking.id()))
                        .map(ReservationRepository.Unused::endsAt).toList());
    }

    private Uni<Reservation> seat(Card card, String site, Session session, LocalDate day, Instant now) {
        Reservation wanted = new Reservation(UUID.randomUUID(), card.id, card.lineageId, site, day, session.code(),
                session.opensOn(day), session.closesOn(day), ReservationStatus.BOOKED, now, 0);
        return reservations.book(wanted, card.status, session).map(booking -> switch (booking.outcome()) {
            case FULL -> throw counted(site, session.code(), "full", new ProblemException(409, "session-full", "Session full",
                    "The session '" + session.code() + "' of " + day + " at '" + site + "' has no seat left.", null));
            case ALREADY_RESERVED -> throw counted(site, session.code(), "already-reserved", new ProblemException(409,
                    "already-reserved", "Already reserved", "This card already holds a reservation at '" + site + "' on " + day + ".",
                    null));
            case CHANGED -> throw new JudgedOnChanged();
            case BOOKED -> {
                count(site, session.code(), "booked");
                yield wanted.withVersion(booking.version());
            }
        }).call(booked -> availability.changed(site, day));
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

    /**
     * A site's reservations of a day changed from version {@code since} on, for its gates' offline checks.
     * With no day, the business day of what the gates admit now: the day a session running now opened on
     * (00:30 in a night session 18:00–01:00 is the day before's), else today.
     */
    public Uni<ReservationChanges> changes(String site, LocalDate day, long since) {
        return sites.findWithSessions(site).chain(found -> reservations.changes(site, day != null ? day
                : Session.at(found.sessionRules(), time.now()).map(Session.Occurrence::day).orElseGet(time::today), since));
    }

    private ProblemException counted(String site, String session, String outcome, ProblemException problem) {
        count(site, session, outcome);
        return problem;
    }

    private void count(String site, String session, String outcome) {
        metrics.counter("chengyu.bookings", "site", site, "session", session, "outcome", outcome).increment();
    }

    /**
     * The session or the card a booking was judged on changed (a site's PUT, a status change) before its
     * seat was taken: it is judged again.
     */
    private static final class JudgedOnChanged extends RuntimeException {
        JudgedOnChanged() {
            super(null, null, false, false);
        }
    }
}
