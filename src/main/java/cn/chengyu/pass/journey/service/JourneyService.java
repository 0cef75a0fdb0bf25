package cn.chengyu.pass.journey.service;

import cn.chengyu.pass.BusinessTime;
import cn.chengyu.pass.card.Card;
import cn.chengyu.pass.card.service.CardService;
import cn.chengyu.pass.journey.Journey;
import cn.chengyu.pass.journey.repository.VisitRepository;
import cn.chengyu.pass.route.service.RouteService;
import cn.chengyu.pass.security.Caller;
import cn.chengyu.pass.security.Es256Jws;
import cn.chengyu.pass.security.PassKeys;
import cn.chengyu.pass.security.PassVerifier;
import cn.chengyu.pass.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A card's progress along every published route, from its lineage's admissions, and completion
 * certificates: compact ES256 JWS ({@code typ: certificate+jwt}) signed with the pass key, so anyone
 * holding {@code /pass-keys} verifies one offline (a gate never takes one for a pass: its type differs).
 */
@ApplicationScoped
public class JourneyService {

    public static final String CERTIFICATE_TYPE = "certificate+jwt";

    private final VisitRepository visits;
    private final RouteService routes;
    private final Es256Jws certificates;
    private final ObjectMapper json;
    private final BusinessTime time;

    public JourneyService(VisitRepository visits, RouteService routes, PassKeys keys, ObjectMapper json, BusinessTime time) {
        this.visits = visits;
        this.routes = routes;
        this.certificates = new Es256Jws(keys, CERTIFICATE_TYPE);
        this.json = json;
        this.time = time;
    }

    /** The card's progress along each published route (by route code), for its owner. */
    public Uni<List<Journey>> progress(Caller caller, UUID cardId) {
        return visits.of(cardId).flatMap(found -> {
            CardService.owned(caller, cardId, found == null ? null : found.card());
            return routes.listPublished(null)
                    .map(live -> live.stream().map(route -> Journey.of(route, found.firstVisits())).toList());
        });
    }

    /**
     * A certificate of the newest version of the route that the card's visits complete; 404 when the
     * route is not published, 409 while a stop of every version is still to visit.
     */
    public Uni<String> certificate(Caller caller, UUID cardId, String routeCode) {
        return visits.of(cardId).flatMap(found -> {
            Card card = CardService.owned(caller, cardId, found == null ? null : found.card());
            return routes.publishedVersions(routeCode).map(versions -> Journey.latestCompleted(versions, found.firstVisits())
                    .map(journey -> sign(card, journey))
                    .orElseThrow(() -> {
                        Journey live = Journey.of(versions.get(0), found.firstVisits());
                        return ProblemException.conflict("The route '" + routeCode + "' is not complete: " + live.visited()
                                + " of " + live.total() + " stops visited.");
                    }));
        });
    }

    private String sign(Card card, Journey journey) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", PassVerifier.ISSUER);
        claims.put(PassVerifier.CARD_CLAIM, card.id.toString());
        claims.put("route", journey.route());
        claims.put("version", journey.version());
        claims.put("completedAt", journey.completedAt().getEpochSecond());
        claims.put("sites", journey.sites());
        claims.put("iat", time.now().getEpochSecond());
        try {
            return certificates.sign(json.writeValueAsString(claims));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("A certificate could not be written", impossible);
        }
    }
}
