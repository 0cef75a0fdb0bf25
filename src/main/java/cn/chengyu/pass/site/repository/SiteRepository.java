package cn.chengyu.pass.site.repository;

import cn.chengyu.pass.site.Province;
import cn.chengyu.pass.site.Site;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads and writes sites. */
@ApplicationScoped
@WithSession
public class SiteRepository implements PanacheRepositoryBase<Site, String> {

    /** A filter of the site list; null fields do not filter. */
    public record Filter(String city, Province province) {

        String where() {
            List<String> conditions = new ArrayList<>();
            if (city != null) {
                conditions.add("lower(city) = lower(:city)");
            }
            if (province != null) {
                conditions.add("province = :province");
            }
            return conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
        }

        Parameters parameters() {
            Parameters parameters = new Parameters();
            if (city != null) {
                parameters.and("city", city);
            }
            if (province != null) {
                parameters.and("province", province);
            }
            return parameters;
        }
    }

    public Uni<List<Site>> list(Filter filter, int page, int size) {
        return find(filter.where(), Sort.by("code"), filter.parameters()).page(Page.of(page, size)).list();
    }

    public Uni<Long> count(Filter filter) {
        return count(filter.where(), filter.parameters());
    }

    /** The sites with these codes (those that exist). */
    public Uni<List<Site>> byCodes(Collection<String> codes) {
        return list("code in ?1", codes);
    }

    /**
     * Inserts or replaces the site in one statement, so concurrent first writes of one code
     * cannot collide (a find-then-persist would let both insert, and one fail); answers whether the
     * row was created. The one native statement of the catalog: JPA has no upsert that says which it did.
     */
    public Uni<Boolean> upsert(Site site) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO site (code, name_zh, name_en, city, province, latitude, longitude,
                                          opens, closes, daily_capacity, status, updated_at)
                        VALUES (:code, :nameZh, :nameEn, :city, :province, :latitude, :longitude,
                                :opens, :closes, :dailyCapacity, :status, now())
                        ON CONFLICT (code) DO UPDATE SET
                            name_zh = excluded.name_zh, name_en = excluded.name_en, city = excluded.city,
                            province = excluded.province, latitude = excluded.latitude,
                            longitude = excluded.longitude, opens = excluded.opens, closes = excluded.closes,
                            daily_capacity = excluded.daily_capacity, status = excluded.status,
                            updated_at = now()
                        RETURNING (xmax = 0)
                        """, Boolean.class)
                .setParameter("code", site.code)
                .setParameter("nameZh", site.nameZh)
                .setParameter("nameEn", site.nameEn)
                .setParameter("city", site.city)
                .setParameter("province", site.province.name())
                .setParameter("latitude", site.latitude)
                .setParameter("longitude", site.longitude)
                .setParameter("opens", site.opens)
                .setParameter("closes", site.closes)
                .setParameter("dailyCapacity", site.dailyCapacity)
                .setParameter("status", site.status.name())
                .getSingleResult());
    }
}
