package cn.chengyu.pass.site.service;

import cn.chengyu.pass.site.Site;
import cn.chengyu.pass.site.SiteChanged;
import cn.chengyu.pass.site.repository.SiteRepository;
import cn.chengyu.pass.site.rest.SiteView;
import cn.chengyu.pass.web.PageResult;
import cn.chengyu.pass.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.LocalTime;

/** The site catalog: browsing for everyone, upkeep for the card authority. */
@ApplicationScoped
public class SiteService {

    private final SiteRepository sites;
    private final Event<SiteChanged> changes;

    public SiteService(SiteRepository sites, Event<SiteChanged> changes) {
        this.sites = sites;
        this.changes = changes;
    }

    @WithSession
    public Uni<PageResult<SiteView>> list(SiteRepository.Filter filter, int page, int size) {
        return sites.count(filter).flatMap(total -> sites.list(filter, page, size)
                .map(found -> new PageResult<>(found.stream().map(SiteView::of).toList(), page, size, total)));
    }

    public Uni<Site> find(String code) {
        return sites.findById(code)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No site with code '" + code + "'."));
    }

    /** The outcome of a PUT: the site as stored and whether it was new. */
    public record Saved(SiteView site, boolean created) {
    }

    /** Creates or replaces a site; once that commits, whatever shows sites is told (and has dropped its copies). */
    public Uni<Saved> save(String code, SiteView view) {
        if (view.code() != null && !view.code().equals(code)) {
            throw ProblemException.invalidField("code", "must match the code in the path");
        }
        Site site = toEntity(code, view);
        return Panache.withTransaction(() -> sites.upsert(site))
                .map(created -> new Saved(SiteView.of(site), created))
                .call(saved -> Uni.createFrom().completionStage(changes.fireAsync(new SiteChanged(code))));
    }

    private static Site toEntity(String code, SiteView view) {
        LocalTime opens = LocalTime.parse(view.openingHours().opens());
        LocalTime closes = LocalTime.parse(view.openingHours().closes());
        if (!closes.isAfter(opens)) {
            throw ProblemException.invalidField("openingHours.closes", "must be after opens");
        }
        Site site = new Site();
        site.code = code;
        site.nameZh = view.name().zh().strip();
        site.nameEn = view.name().en().strip();
        site.city = view.city().strip();
        site.province = view.province();
        site.latitude = view.location().lat();
        site.longitude = view.location().lon();
        site.opens = opens;
        site.closes = closes;
        site.dailyCapacity = view.dailyCapacity();
        site.status = view.status();
        return site;
    }
}
