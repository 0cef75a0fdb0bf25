package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.entry.repository.AdmissionRepository;
import cn.chengyu.pass.entry.SiteRules;
import cn.chengyu.pass.settlement.TariffWatcher;
import cn.chengyu.pass.site.SiteWatcher;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Sites as online scans need them (status, sessions, province, tariffs), held for a second: every
 * scan needs its site, and sites change rarely. A change made through this replica drops its copy
 * before the change is answered; another replica's copy is at most {@link #HELD} old. What must be
 * exact is not taken from here: the admission statement reads the session's capacity and booking
 * rule itself, and a tariff version can only take effect from a day no scan has yet.
 */
@ApplicationScoped
public class SiteRulesCache implements SiteWatcher, TariffWatcher {

    static final Duration HELD = Duration.ofSeconds(1);

    private final AdmissionRepository admissions;
    private final Pool pool;
    private final AsyncCache<String, SiteRules> held = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(HELD).buildAsync();

    public SiteRulesCache(AdmissionRepository admissions, Pool pool) {
        this.admissions = admissions;
        this.pool = pool;
    }

    /**
     * The site with this code, or null when there is none (not held: it may be created any moment).
     * Each caller waits on its own copy of the shared load, so a gate that goes away cancels only its wait.
     */
    public Uni<SiteRules> get(String code) {
        return Uni.createFrom().completionStage(() -> held.get(code, (key, executor) ->
                admissions.findSite(pool, key).subscribeAsCompletionStage()).copy());
    }

    @Override
    public Uni<Void> siteChanged(String code) {
        held.synchronous().invalidate(code);
        return Uni.createFrom().voidItem();
    }

    @Override
    public void tariffsChanged(String site) {
        held.synchronous().invalidate(site);
    }
}
