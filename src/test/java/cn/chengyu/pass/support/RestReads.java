package cn.chengyu.pass.support;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the itinerary and availability reads that reach the REST layer, so a test can tell which reads the router answered. */
public class RestReads {

    private static final AtomicInteger ITINERARIES = new AtomicInteger();
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    public static int itineraries() {
        return ITINERARIES.get();
    }

    public static int sessions() {
        return SESSIONS.get();
    }

    @ServerRequestFilter
    public void count(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().endsWith("/itinerary")) {
            ITINERARIES.incrementAndGet();
        }
        if (request.getUriInfo().getPath().endsWith("/sessions")) {
            SESSIONS.incrementAndGet();
        }
    }
}
