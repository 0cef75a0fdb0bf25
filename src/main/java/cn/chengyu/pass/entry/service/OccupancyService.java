package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.entry.OccupancyLevel;
import cn.chengyu.pass.entry.repository.AdmissionCountRepository;
import cn.chengyu.pass.entry.rest.OccupancyView;
import cn.chengyu.pass.site.service.SiteService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/** Today's occupancy of a site, from the same counters that admissions are checked against. */
@ApplicationScoped
public class OccupancyService {

    private final SiteService sites;
    private final AdmissionCountRepository counts;
    private final BusinessTime time;

    public OccupancyService(SiteService sites, AdmissionCountRepository counts, BusinessTime time) {
        this.sites = sites;
        this.counts = counts;
        this.time = time;
    }

    @WithSession
    public Uni<OccupancyView> today(String siteCode) {
        LocalDate day = time.today();
        return sites.find(siteCode).flatMap(site -> counts.admitted(site.code, day)
                .map(admitted -> new OccupancyView(site.code, day, admitted, site.dailyCapacity,
                        OccupancyLevel.of(admitted, site.dailyCapacity))));
    }
}
