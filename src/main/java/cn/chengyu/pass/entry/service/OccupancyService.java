package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.entry.Occupancy;
import cn.chengyu.pass.entry.repository.AdmissionRepository;
import cn.chengyu.pass.site.service.SiteService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/** Today's occupancy of a site, from the same counters that admissions are checked against. */
@ApplicationScoped
public class OccupancyService {

    private final SiteService sites;
    private final AdmissionRepository admissions;
    private final BusinessTime time;

    public OccupancyService(SiteService sites, AdmissionRepository admissions, BusinessTime time) {
        this.sites = sites;
        this.admissions = admissions;
        this.time = time;
    }

    public Uni<Occupancy> today(String siteCode) {
        LocalDate day = time.today();
        return sites.find(siteCode).flatMap(site -> admissions.admitted(site.code, day)
                .map(admitted -> Occupancy.of(site.code, day, admitted, site.dailyCapacity)));
    }
}
