package cn.chengyu.pass.route.rest;

import cn.chengyu.pass.route.cache.CachedItinerary;
import cn.chengyu.pass.web.Fingerprint;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An itinerary serialised once per cached copy, as JSON and as JSON-LD, each with the ETag of
 * exactly its bytes: a hot read sends bytes made before it came, and a 304 builds no body.
 */
record ItineraryRepresentations(Representation json, Representation linkedData) {

    /** White space around a range's parameter separator, which RFC 9110 allows and the media-type parser does not. */
    private static final Pattern PARAMETER_SPACE = Pattern.compile("\\s*;\\s*");

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

    /**
     * JSON-LD when the Accept header prefers it by its q-values, or names it with JSON at the same q;
     * else JSON (also for no header, or a wildcard alone).
     */
    Representation chosenBy(String accept) {
        if (accept == null) {
            return json;
        }
        if (accept.indexOf(';') < 0) {
            // every range at q=1 (the router's hot reads): JSON-LD exactly when it is named
            return accept.toLowerCase(Locale.ROOT).contains(TouristTrip.MEDIA_TYPE) ? linkedData : json;
        }
        Preference linked = preference(accept, TouristTrip.MEDIA_TYPE);
        Preference plain = preference(accept, MediaType.APPLICATION_JSON);
        return linked.q() > plain.q() || linked.q() > 0 && linked.q() == plain.q() && linked.named() ? linkedData : json;
    }

    /** How much an Accept header wants a type: the q of its most specific range that matches; whether it names the type. */
    private record Preference(double q, boolean named) {
    }

    private static Preference preference(String accept, String type) {
        MediaType wanted = MediaType.valueOf(type);
        Preference best = new Preference(0, false);
        int specificity = -1;
        for (String range : accept.split(",")) {
            MediaType named;
            try {
                named = MediaType.valueOf(PARAMETER_SPACE.matcher(range).replaceAll(";").strip());
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            int specific = named.isWildcardType() ? 0 : named.isWildcardSubtype() ? 1 : 2;
            if (named.isCompatible(wanted) && specific > specificity) {
                specificity = specific;
                best = new Preference(q(named), specific == 2);
            }
        }
        return best;
    }

    /** The range's q, 1 when it gives none; 0 for one that is not a number from 0 to 1 (the range then counts for nothing). */
    private static double q(MediaType range) {
        try {
            double q = Double.parseDouble(range.getParameters().getOrDefault("q", "1"));
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException malformed) {
            return 0;
        }
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
