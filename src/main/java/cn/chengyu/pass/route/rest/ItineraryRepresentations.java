package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.web.Fingerprint;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;

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

        /** Whether a client's If-None-Match names these bytes. */
        boolean isHeldBy(String ifNoneMatch) {
            return ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag) || ifNoneMatch.equals("*"));
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

    /** Whether an Accept header takes one of the representations (otherwise the REST layer answers 406). */
    static boolean servable(String accept) {
        return accept == null || accept.contains(MediaType.APPLICATION_JSON) || accept.contains(TouristTrip.MEDIA_TYPE)
                || accept.contains(MediaType.WILDCARD) || accept.contains("application/*");
    }
}
