package cn.chengyu.pass.site.service;

import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteWatcher;
import cn.chengyu.pass.site.repository.SiteRepository;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The site catalog: browsing for everyone, upkeep for the card authority. */
@ApplicationScoped
public class SiteService {

    private final SiteRepository sites;
    private final Instance<SiteWatcher> watchers;

    public SiteService(SiteRepository sites, Instance<SiteWatcher> watchers) {
        this.sites = sites;
        this.watchers = watchers;
    }

    @WithSession
    public Uni<PageResult<Site>> list(SiteRepository.Filter filter, int page, int size) {
        return sites.count(filter).flatMap(total -> sites.list(filter, page, size)
                .map(found -> new PageResult<>(found, page, size, total)));
    }

    /** The sites with these codes that exist, by code. */
    public Uni<Map<String, Site>> byCodes(Collection<String> codes) {
        return sites.byCodes(codes).map(found -> found.stream().collect(Collectors.toMap(site -> site.code, Function.identity())));
    }

    public Uni<Site> find(String code) {
        return sites.findById(code)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No site with code '" + code + "'."));
    }

    /** The outcome of a PUT: the site as stored and whether it was new. */
    public record Saved(Site site, boolean created) {
    }

    /** Creates or replaces a site; once that commits, whatever shows sites is told (and has dropped its copies). */
    public Uni<Saved> save(Site site) {
        if (!site.closes.isAfter(site.opens)) {
            throw ProblemException.invalidField("openingHours.closes", "must be after opens");
        }
        return Panache.withTransaction(() -> sites.upsert(site))
                .map(created -> new Saved(site, created))
                .call(saved -> Multi.createFrom().iterable(watchers)
                        .onItem().transformToUniAndConcatenate(watcher -> watcher.siteChanged(site.code))
                        .collect().last());
    }
}
