package cn.chengyu.pass.reservation.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.reservation.service.AvailabilityService;
import cn.chengyu.pass.web.ReadyAnswers;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a read of a site's session availability that this replica holds ready straight from the
 * HTTP router ({@link ReadyAnswers}): the same bytes {@link SessionResource#sessions} sends.
 */
@ApplicationScoped
public class HotAvailability {

    private final AvailabilityService availability;
    private final BusinessTime time;

    public HotAvailability(AvailabilityService availability, BusinessTime time) {
        this.availability = availability;
        this.time = time;
    }

    void install(@Observes Router router) {
        ReadyAnswers.install(router, "/api/v1/sites/([a-z0-9-]+)/sessions", time, availability::ready);
    }
}
