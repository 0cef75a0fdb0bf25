package cn.chengyu.pass.site.service;

import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteWatcher;
import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.site.ReservationRule;
import cn.chengyu.pass.site.Session;
import cn.chengyu.pass.site.SiteSession;
import cn.chengyu.pass.site.repository.SiteRepository;
import cn.chengyu.pass.site.repository.SiteSessionRepository;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The site catalog: browsing for everyone, upkeep for the card authority. */
@ApplicationScoped
public class SiteService {

    /** A site's daily capacity at most, its sessions' together. */
    public static final int MAX_DAILY_CAPACITY = 1_000_000;

    private final SiteRepository sites;
    private final SiteSessionRepository sessions;
    private final Instance<SiteWatcher> watchers;
    private final BusinessTime time;

    public SiteService(SiteRepository sites, SiteSessionRepository sessions, Instance<SiteWatcher> watchers, BusinessTime time) {
        this.sites = sites;
        this.sessions = sessions;
        this.watchers = watchers;
        this.time = time;
    }

    @WithSession
    public Uni<PageResult<Site>> list(SiteRepository.Filter filter, int page, int size) {
        return sites.count(filter).flatMap(total -> sites.list(filter, page, size).call(this::withSessions)
                .map(found -> new PageResult<>(found, page, size, total)));
    }

    /** Every site with its sessions (the catalog is a few hundred sites at most). */
    @WithSession
    public Uni<List<Site>> allWithSessions() {
        return sites.listAll().call(this::withSessions);
    }

    /** The sites with these codes that exist, by code (their sessions not read). */
    public Uni<Map<String, Site>> byCodes(Collection<String> codes) {
        return sites.byCodes(codes).map(found -> found.stream().collect(Collectors.toMap(site -> site.code, Function.identity())));
    }

    /** The site (its sessions not read: occupancy and itineraries need only the site). */
    public Uni<Site> find(String code) {
        return sites.findById(code)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No site with code '" + code + "'."));
    }

    /** The site with its sessions. */
    @WithSession
    public Uni<Site> findWithSessions(String code) {
        return find(code).call(site -> withSessions(List.of(site)));
    }

    /** Fills in the sites' sessions, in one query. */
    private Uni<Void> withSessions(List<Site> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sessions.of(found.stream().map(site -> site.code).toList()).invoke(all -> {
            Map<String, List<SiteSession>> bySite = all.stream().collect(Collectors.groupingBy(session -> session.siteCode));
            found.forEach(site -> site.sessions = bySite.getOrDefault(site.code, List.of()));
        }).replaceWithVoid();
    }

    /** The outcome of a PUT: the site as stored and whether it was new. */
    public record Saved(Site site, boolean created) {
    }

    /**
     * Creates or replaces a site; once that commits, whatever shows sites is told (and has dropped its
     * copies). Its old sessions are deleted before the check for bookings of those it drops: the
     * delete waits for any booking holding one of them (see ReservationRepository's BOOK), so the
     * check sees that booking, and a booking after the delete finds its session gone.
     */
    public Uni<Saved> save(Site site) {
        withCheckedSessions(site);
        List<String> kept = site.sessions.stream().map(session -> session.code).toList();
        return Panache.withTransaction(() -> sites.upsert(site)
                        .call(() -> sessions.deleteOf(site.code))
                        .call(() -> sessions.bookedBesides(site.code, kept, time.today().minusDays(1)).invoke(booked -> {
                            if (!booked.isEmpty()) {
                                throw ProblemException.conflict("Sessions " + booked + " of site '" + site.code
                                        + "' hold bookings: they can be removed once those are cancelled or over.");
                            }
                        }))
                        .call(() -> sessions.persist(site.sessions)))
                .map(created -> new Saved(site, created))
                .call(saved -> tellWatchers(site.code));
    }

    /**
     * Tells every watcher, each even when one before it failed (a cache must not keep the old site
     * because bookings could not follow it); the first failure then fails the request, whose retry
     * (a PUT, idempotent) tells them again.
     */
    private Uni<Void> tellWatchers(String code) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        return Multi.createFrom().iterable(watchers)
                .onItem().transformToUniAndConcatenate(watcher -> Uni.createFrom().deferred(() -> watcher.siteChanged(code))
                        .onFailure().invoke(failures::add).onFailure().recoverWithNull())
                .collect().last()
                .chain(() -> failures.isEmpty() ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failures.get(0)));
    }

    /**
     * A site written without sessions gets one session "day" from its opening hours and daily
     * capacity; one written with sessions reads their span and total capacity. Sessions of a site
     * have their own codes and do not overlap.
     */
    private static void withCheckedSessions(Site site) {
        if (site.sessions.isEmpty()) {
            if (!site.closes.isAfter(site.opens)) {
                throw ProblemException.invalidField("openingHours.closes", "must be after opens");
            }
            SiteSession day = new SiteSession();
            day.siteCode = site.code;
            day.code = Session.DEFAULT_CODE;
            day.nameZh = "日场";
            day.nameEn = "Day";
            day.opens = site.opens;
            day.closes = site.closes;
            day.capacity = site.dailyCapacity;
            day.reservation = ReservationRule.OPTIONAL;
            site.sessions = List.of(day);
            return;
        }
        List<Session> rules = site.sessionRules();
        for (int i = 0; i < rules.size(); i++) {
            Session session = rules.get(i);
            if (session.opens().equals(session.closes())) {
                throw ProblemException.invalidField("sessions[" + i + "].closes", "must differ from opens");
            }
            for (int j = 0; j < i; j++) {
                if (rules.get(j).code().equals(session.code())) {
                    throw ProblemException.invalidField("sessions[" + i + "].code", "is used by another session of the site");
                }
                if (rules.get(j).overlaps(session)) {
                    throw ProblemException.invalidField("sessions[" + i + "]", "overlaps session '" + rules.get(j).code() + "'");
                }
            }
        }
        int capacity = rules.stream().mapToInt(Session::capacity).sum();
        if (capacity > MAX_DAILY_CAPACITY) {
            throw ProblemException.invalidField("sessions", "capacities add up to more than " + MAX_DAILY_CAPACITY);
        }
        Session.Hours span = Session.span(rules);
        site.opens = span.opens();
        site.closes = span.closes();
        site.dailyCapacity = capacity;
        site.sessions = site.sessions.stream().sorted(Comparator.comparing(session -> session.opens)).toList();
    }
}
