package cn.chengyu.pass.route.cache;

import cn.chengyu.pass.route.Itinerary;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * An itinerary as this replica caches it, with what every read of it needs at hand: the route's
 * view counter, and whatever the web layer makes of this copy (its serialised representations),
 * made once per copy. A write makes a new copy (a new cache generation), so nothing here is ever
 * stale for longer than the copy itself.
 */
public final class CachedItinerary {

    private final Itinerary itinerary;
    private final LongAdder views;
    private volatile Object representations;

    CachedItinerary(Itinerary itinerary, LongAdder views) {
        this.itinerary = itinerary;
        this.views = views;
    }

    public Itinerary itinerary() {
        return itinerary;
    }

    /** Counts a read for the hot ranking. */
    public void viewed() {
        views.increment();
    }

    /**
     * What {@code make} makes of this copy, made on the first call and kept (two first calls at once
     * may both make it; either result is the same).
     */
    @SuppressWarnings("unchecked")
    public <T> T representations(Function<Itinerary, T> make) {
        Object made = representations;
        if (made == null) {
            made = make.apply(itinerary);
            representations = made;
        }
        return (T) made;
    }
}
