package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.web.Fingerprint;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/**
 * An itinerary serialised once per cached copy, as JSON and as JSON-LD, each with the ETag of
 * exactly its bytes: a hot read sends bytes made before it came, and a 304 builds no body.
 */
record ItineraryRepresentations(Representation json, Representation linkedData) {

    /** One representation: its bytes, their media type and their ETag. */
    record Representation(byte[] body, String type, String etag) {

        static Representation of(ObjectMapper json, Object value, String type) {
            try {
                byte[] body = json.writeValueAsBytes(value);
                return new Representation(body, type, "\"" + Fingerprint.of(type, body).substring(0, 32) + "\"");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An itinerary could not be written", e);
            }
        }

        /** Whether a client's If-None-Match (one ETag, a list of them, or *) names these bytes. */
        boolean isHeldBy(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String held : ifNoneMatch.split(",")) {
                String tag = held.strip();
                if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The representations of a cached copy, made on the first read of it. */
    static ItineraryRepresentations of(CachedItinerary cached, ObjectMapper json) {
        return cached.representations(itinerary -> new ItineraryRepresentations(
                Representation.of(json, itinerary, MediaType.APPLICATION_JSON),
                Representation.of(json, TouristTrip.of(itinerary), TouristTrip.MEDIA_TYPE)));
    }

    /** JSON-LD when the Accept header names it, else JSON. */
    Representation chosenBy(String accept) {
        return accept != null && accept.contains(TouristTrip.MEDIA_TYPE) ? linkedData : json;
    }

    /**
     * Whether the router may answer this Accept header itself: none, or plain media types without
     * parameters or capitals naming a representation. Anything else (q-values, other types) is left to the
     * REST layer's negotiation, which may answer 406.
     */
    static boolean servable(String accept) {
        if (accept == null) {
            return true;
        }
        if (accept.indexOf(';') >= 0 || !accept.equals(accept.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (String type : accept.split(",")) {
            String named = type.strip();
            if (named.equals(MediaType.APPLICATION_JSON) || named.equals(TouristTrip.MEDIA_TYPE)
                    || named.equals(MediaType.WILDCARD) || named.equals("application/*")) {
                return true;
            }
        }
        return false;
    }
}
