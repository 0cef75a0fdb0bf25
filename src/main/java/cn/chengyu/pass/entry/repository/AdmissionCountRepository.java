package cn.chengyu.pass.entry.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;

/** The per-site, per-day admission counters that gates raise and occupancy reads. */
@ApplicationScoped
@WithSession
public class AdmissionCountRepository {

    public Uni<Long> admitted(String siteCode, LocalDate day) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT coalesce(sum(admitted), 0) FROM site_day_admissions WHERE site_code = :site AND day = :day",
                        Long.class)
                .setParameter("site", siteCode)
                .setParameter("day", day)
                .getSingleResult());
    }
}
