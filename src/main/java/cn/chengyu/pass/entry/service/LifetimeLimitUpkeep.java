package cn.chengyu.pass.entry.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.entry.AdmissionPolicy;
import cn.chengyu.pass.entry.OfflineBatch.LimitKey;
import cn.chengyu.pass.entry.repository.AdmissionRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the once-per-site limits (table lifetime_limit, a row per admission of a ONCE_PER_SITE card)
 * only while they can still turn someone away: a lineage's limits are forgotten once none of its
 * cards is live and valid (or, never activated, activatable) later than the oldest scannedAt a gate
 * may send ({@link AdmissionPolicy#MAX_AGE}) and a day ago, since no scan of them can be admitted any
 * more. Entries stay as they were.
 */
@ApplicationScoped
public class LifetimeLimitUpkeep {

    private static final Logger LOG = Logger.getLogger(LifetimeLimitUpkeep.class);
    /** Limits read per statement, so that no statement holds many rows' locks for long. */
    static final int ROWS_AT_ONCE = 10_000;
    private static final Duration MARGIN = Duration.ofDays(1);

    private final AdmissionRepository admissions;
    private final BusinessTime time;

    public LifetimeLimitUpkeep(AdmissionRepository admissions, BusinessTime time) {
        this.admissions = admissions;
        this.time = time;
    }

    @Scheduled(every = "6h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> upkeep() {
        return forgetLapsed()
                .invoke(forgotten -> {
                    if (forgotten > 0) {
                        LOG.infof("Forgot %d once-per-site limits of lapsed cards", forgotten);
                    }
                })
                .onFailure().invoke(failure -> LOG.warn("Could not forget the once-per-site limits of lapsed cards", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Forgets the limits no card can be held to any more, page by page through the table; answers how many. */
    public Uni<Integer> forgetLapsed() {
        return forgetAfter(time.now().minus(AdmissionPolicy.MAX_AGE).minus(MARGIN), null, 0);
    }

    private Uni<Integer> forgetAfter(Instant lapsedBefore, LimitKey after, int forgottenSoFar) {
        return admissions.forgetLifetimeLimits(lapsedBefore, after, ROWS_AT_ONCE).chain(page -> page.next() == null
                ? Uni.createFrom().item(forgottenSoFar + page.forgotten())
                : forgetAfter(lapsedBefore, page.next(), forgottenSoFar + page.forgotten()));
    }
}
