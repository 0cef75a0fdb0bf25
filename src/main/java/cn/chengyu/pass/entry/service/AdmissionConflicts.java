package cn.chengyu.pass.entry.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the admission attempts (a scan's or a batch's transaction) that lost to another request,
 * by cause (a request runs again up to five times, then gives up). Made at start-up, so that every
 * cause is scraped from the start, at zero.
 */
@Startup
@ApplicationScoped
public class AdmissionConflicts {

    /**
     * What an attempt lost to: a deadlock, a serialization failure, rows changed after it read them,
     * a lock held longer than a batch's writes wait (it gave way), a month not made yet.
     */
    public enum Cause { DEADLOCK, SERIALIZATION, CHANGED, GAVE_WAY, MONTH }

    private final Map<Cause, Counter> counters = new EnumMap<>(Cause.class);

    public AdmissionConflicts(MeterRegistry metrics) {
        for (Cause cause : Cause.values()) {
            counters.put(cause, Counter.builder("chengyu.admission.conflicts")
                    .description("Admission attempts (a scan or a batch) that lost to another request")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT)).register(metrics));
        }
    }

    public void count(Cause cause) {
        counters.get(cause).increment();
    }
}
