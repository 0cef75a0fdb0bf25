package cn.chengyu.pass.journey.rest;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.journey.service.LiveRouteService;
import cn.chengyu.pass.web.ReadyAnswers;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a read of a route's live status that this replica holds ready straight from the HTTP
 * router ({@link ReadyAnswers}): the same bytes {@link LiveRouteResource#live} sends.
 */
@ApplicationScoped
public class HotLiveRoutes {

    private final LiveRouteService live;
    private final BusinessTime time;

    public HotLiveRoutes(LiveRouteService live, BusinessTime time) {
        this.live = live;
        this.time = time;
    }

    void install(@Observes Router router) {
        ReadyAnswers.install(router, "/api/v1/routes/([a-z0-9-]+)/live", time, live::ready);
    }
}
