package cn.chengyu.pass.route;

import cn.chengyu.pass.route.cache.ViewRanking;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.RestReads;
import cn.chengyu.pass.support.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class RouteResourceTest {

    @Inject
    RedisDataSource redis;

    private static Map<String, Object> content(String english, List<Map<String, Object>> stops) {
        Map<String, Object> body = new HashMap<>();
        body.put("theme", "HISTORICAL_CULTURE");
        body.put("name", Map.of("zh", "测试路线", "en", english));
        body.put("description", "A test route");
        body.put("stops", stops);
        return body;
    }

    private static Map<String, Object> stop(String site, int day) {
        return Map.of("siteCode", site, "day", day, "note", "see " + site);
    }

    private static String create(String operator, String english) {
        String code = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = content(english, List.of(stop("cq-ciqikou", 1), stop("cd-dufu", 2)));
        body.put("code", code);
        given().auth().oauth2(TestTokens.operator(operator)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/routes").then().statusCode(201)
                .body("code", equalTo(code)).body("status", equalTo("DRAFT")).body("draft.name.en", equalTo(english));
        return code;
    }

    private static ValidatableResponse act(String token, String code, String action, Object body) {
        var request = given().contentType(ContentType.JSON);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return switch (action) {
            case "draft" -> request.body(body).when().put("/api/v1/routes/" + code + "/draft").then();
            default -> request.when().post("/api/v1/routes/" + code + "/" + action).then();
        };
    }

    @Test
    void theSameCodeCreatedTwelveTimesAtOnceMakesOneRouteAndConflicts() throws Exception {
        String code = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = content("Race", List.of(stop("cq-ciqikou", 1)));
        body.put("code", code);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(TestTokens.operator("op-race")).contentType(ContentType.JSON).body(body)
                            .when().post("/api/v1/routes").then().extract().statusCode();
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new HashMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            assertEquals(Map.of(201, 1, 409, 11), statuses);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void launchRoutesArePublished() {
        given().when().get("/api/v1/routes").then().statusCode(200)
                .body("code", hasItems("liquor-culture", "historical-culture"));
        given().queryParam("theme", "LIQUOR_CULTURE").when().get("/api/v1/routes").then().statusCode(200)
                .body("theme", everyItem(equalTo("LIQUOR_CULTURE")))
                .body("find { it.code == 'liquor-culture' }.stops.siteCode",
                        contains("cq-hongyadong", "lz-laojiao", "yb-wuliangye", "yb-lizhuang"));
        given().when().get("/api/v1/routes/historical-culture").then().statusCode(200)
                .body("version", equalTo(1))
                .body("stops.siteCode", contains("cq-ciqikou", "cd-wuhouci", "cd-dufu", "cd-kuanzhai", "my-libai"))
                .body("stops.day", contains(1, 2, 2, 2, 3));
    }

    @Test
    void itineraryGroupsStopsByDayWithSiteDetails() {
        given().when().get("/api/v1/routes/liquor-culture/itinerary").then().statusCode(200)
                .header("ETag", notNullValue())
                .body("days.day", contains(1, 2, 3))
                .body("days[2].stops.site.code", contains("yb-wuliangye", "yb-lizhuang"))
                .body("days[1].stops[0].site.name.zh", equalTo("泸州老窖旅游区"))
                .body("days[1].stops[0].site.city", equalTo("Luzhou"))
                .body("days[1].stops[0].site.location.lat", notNullValue())
                .body("days[1].stops[0].site.openingHours.opens", equalTo("09:00"));
    }

    @Test
    void aCopyHeldReadyIsAnsweredExactlyAsTheRestLayerAnswersIt() {
        String operator = "op-hot";
        String code = create(operator, "Hot read");
        act(TestTokens.operator(operator), code, "publish", null).statusCode(200);
        String path = "/api/v1/routes/" + code + "/itinerary";
        for (String accept : List.of("application/json", "application/ld+json")) {
            // The first read after a publish loads the itinerary (RouteResource); the next ones find it ready (HotItineraries).
            int restReads = RestReads.itineraries();
            var loaded = given().accept(accept).when().get(path).then().statusCode(200).extract();
            assertEquals(restReads + 1, RestReads.itineraries(), "the first read is answered by the REST layer");
            var ready = given().accept(accept).when().get(path).then().statusCode(200).extract();
            assertEquals(restReads + 1, RestReads.itineraries(), "a read of the copy held ready is answered by the router");
            assertEquals(loaded.asString(), ready.asString());
            for (String header : List.of("Content-Type", "ETag", "Vary")) {
                assertEquals(loaded.header(header), ready.header(header), header);
            }
            given().accept(accept).header("If-None-Match", ready.header("ETag")).when().get(path).then().statusCode(304)
                    .header("ETag", loaded.header("ETag"));
            if (accept.equals("application/json")) {
                act(TestTokens.operator(operator), code, "publish", null).statusCode(200);
            }
        }
        // A list of ETags naming the held one is a 304 too.
        String etag = given().when().get(path).then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", "\"another\", " + etag).when().get(path).then().statusCode(304);
        // Accept headers with parameters, or naming neither representation, are left to the REST layer's negotiation.
        given().accept("application/json;q=0.9").when().get(path).then().statusCode(200).contentType("application/json");
        given().accept("text/html").when().get(path).then().statusCode(406);
    }

    @Test
    void itineraryAnswers304ForItsETag() {
        String etag = given().when().get("/api/v1/routes/historical-culture/itinerary").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", etag).when().get("/api/v1/routes/historical-culture/itinerary").then().statusCode(304);
        given().header("If-None-Match", "\"something-else\"").when().get("/api/v1/routes/historical-culture/itinerary")
                .then().statusCode(200);
    }

    @Test
    void theItineraryIsChosenByTheAcceptHeadersQValues() {
        String path = "/api/v1/routes/liquor-culture/itinerary";
        given().accept("application/ld+json;q=0, application/json").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"));
        given().accept("application/json;q=0.5, application/ld+json").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/ld+json"));
        given().accept("application/json, application/ld+json").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/ld+json"));
        given().accept("*/*;q=0.8").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"));
        // white space around ';' is allowed; a q that is no number from 0 to 1 counts for nothing
        given().accept("application/json;q=0.5, application/ld+json ; q=0.9").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/ld+json"));
        given().accept("application/ld+json;q=2, application/json;q=0.5").when().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"));
    }

    @Test
    void itineraryAsJsonLdIsATouristTrip() {
        given().accept("application/ld+json").when().get("/api/v1/routes/liquor-culture/itinerary").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/ld+json"))
                .body("'@context'", equalTo("https://schema.org"))
                .body("'@type'", equalTo("TouristTrip"))
                .body("itinerary.'@type'", equalTo("ItemList"))
                .body("itinerary.numberOfItems", equalTo(4))
                .body("itinerary.itemListElement.position", contains(1, 2, 3, 4))
                .body("itinerary.itemListElement[1].item.'@type'", equalTo("TouristAttraction"))
                .body("itinerary.itemListElement[1].item.identifier", equalTo("lz-laojiao"));
    }

    @Test
    void draftIsInvisibleUntilPublished() {
        String code = create("op-draft", "Draft Only");
        assertProblem(given().when().get("/api/v1/routes/" + code).then(), 404);
        assertProblem(given().when().get("/api/v1/routes/" + code + "/itinerary").then(), 404);
        given().when().get("/api/v1/routes").then().body("code", not(hasItems(code)));
        act(TestTokens.operator("op-draft"), code, "publish", null).statusCode(200).body("version", equalTo(1));
        given().when().get("/api/v1/routes/" + code).then().statusCode(200).body("name.en", equalTo("Draft Only"));
    }

    @Test
    void editedDraftGoesLiveOnTheNextReadAfterPublish() {
        String operator = TestTokens.operator("op-edit");
        String code = create("op-edit", "First");
        act(operator, code, "publish", null).statusCode(200);
        String firstTag = given().when().get("/api/v1/routes/" + code + "/itinerary").then().extract().header("ETag");
        act(operator, code, "draft", content("Second", List.of(stop("lz-laojiao", 1)))).statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("publishedVersion", equalTo(1));
        given().when().get("/api/v1/routes/" + code).then().body("version", equalTo(1)).body("name.en", equalTo("First"));
        act(operator, code, "publish", null).statusCode(200).body("version", equalTo(2));
        given().when().get("/api/v1/routes/" + code).then().body("version", equalTo(2)).body("name.en", equalTo("Second"))
                .body("stops", hasSize(1));
        String secondTag = given().when().get("/api/v1/routes/" + code + "/itinerary").then()
                .body("days[0].stops[0].site.code", equalTo("lz-laojiao")).extract().header("ETag");
        assertNotEquals(firstTag, secondTag);
    }

    @Test
    void retiredRouteDisappearsFromPublicReads() {
        String operator = TestTokens.operator("op-retire");
        String code = create("op-retire", "Short-lived");
        assertProblem(act(operator, code, "retire", null), 409);
        act(operator, code, "publish", null).statusCode(200);
        act(operator, code, "retire", null).statusCode(200).body("status", equalTo("RETIRED"));
        assertProblem(given().when().get("/api/v1/routes/" + code).then(), 404);
        given().when().get("/api/v1/routes").then().body("code", not(hasItems(code)));
    }

    @Test
    void siteRenameShowsInTheItinerary() {
        String site = GateFixtures.newSite(100);
        String operator = TestTokens.operator("op-rename");
        String code = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = content("Rename", List.of(stop(site, 1)));
        body.put("code", code);
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(body).when().post("/api/v1/routes").then().statusCode(201);
        act(operator, code, "publish", null).statusCode(200);
        String before = given().when().get("/api/v1/routes/" + code + "/itinerary").then()
                .body("days[0].stops[0].site.name.en", equalTo("Gate test")).extract().header("ETag");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", Map.of("zh", "新名字", "en", "Renamed"), "city", "Leshan", "province", "SICHUAN",
                        "location", Map.of("lat", 29.55, "lon", 103.77), "openingHours", Map.of("opens", "00:00", "closes", "23:59"),
                        "dailyCapacity", 100, "status", "OPEN"))
                .when().put("/api/v1/sites/" + site).then().statusCode(200);
        String after = given().when().get("/api/v1/routes/" + code + "/itinerary").then()
                .body("days[0].stops[0].site.name.en", equalTo("Renamed")).extract().header("ETag");
        assertNotEquals(before, after);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "draft, other-operator, 403", "publish, other-operator, 403", "retire, other-operator, 403",
            "draft, holder, 403", "publish, gate, 403", "retire, admin, 403",
            "draft, anonymous, 401", "publish, anonymous, 401",
            "draft, owner, 200", "publish, owner, 200"})
    void onlyTheOwningOperatorChangesARoute(String action, String caller, int expected) {
        String code = create("op-owner", "Owned");
        String token = switch (caller) {
            case "owner" -> TestTokens.operator("op-owner");
            case "other-operator" -> TestTokens.operator("op-other");
            case "holder" -> TestTokens.holder("visitor");
            case "gate" -> TestTokens.gate("gate-r", "cq-dazu");
            case "admin" -> TestTokens.admin();
            default -> null;
        };
        ValidatableResponse response = act(token, code, action, content("Changed", List.of(stop("cd-dufu", 1))));
        if (expected >= 400) {
            assertProblem(response, expected);
            assertProblem(given().when().get("/api/v1/routes/" + code).then(), 404);
        } else {
            response.statusCode(expected);
        }
    }

    @Test
    void onlyOperatorsCreateRoutes() {
        Map<String, Object> body = content("Nope", List.of(stop("cd-dufu", 1)));
        body.put("code", "rt-" + UUID.randomUUID().toString().substring(0, 8));
        assertProblem(given().auth().oauth2(TestTokens.holder("h")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/routes").then(), 403);
        assertProblem(given().contentType(ContentType.JSON).body(body).when().post("/api/v1/routes").then(), 401);
    }

    @Test
    void unknownSiteAndDayGapsAreNamed() {
        String operator = TestTokens.operator("op-valid");
        String code = create("op-valid", "Valid");
        assertProblem(act(operator, code, "draft", content("X", List.of(stop("no-such-site", 1)))), 422)
                .body("errors.field", contains("stops[0].siteCode"));
        assertProblem(act(operator, code, "draft", content("X", List.of(stop("cd-dufu", 1), stop("my-libai", 3)))), 422)
                .body("errors.field", contains("stops[1].day"));
        assertProblem(act(operator, code, "draft", content("X", List.of(stop("cd-dufu", 2)))), 422)
                .body("errors.field", contains("stops[0].day"));
        given().auth().oauth2(operator).when().post("/api/v1/routes/" + code + "/publish").then().statusCode(200)
                .body("name.en", equalTo("Valid"));
    }

    @Test
    void malformedRoutesAreRejected() {
        String operator = TestTokens.operator("op-bad");
        String code = create("op-bad", "Bad");
        assertProblem(act(operator, code, "draft", content("X", List.of())), 400).body("errors.field", contains("stops"));
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            many.add(stop("cd-dufu", 1));
        }
        assertProblem(act(operator, code, "draft", content("X", many)), 400);
        Map<String, Object> badTheme = content("X", List.of(stop("cd-dufu", 1)));
        badTheme.put("theme", "SHOPPING");
        assertProblem(act(operator, code, "draft", badTheme), 400).body("errors.field", contains("theme"));
        Map<String, Object> badCode = content("X", List.of(stop("cd-dufu", 1)));
        badCode.put("code", "Bad Code");
        assertProblem(given().auth().oauth2(operator).contentType(ContentType.JSON).body(badCode)
                .when().post("/api/v1/routes").then(), 400).body("errors.field", contains("code"));
        // GET /routes/hot lists the hot routes: a route of that code could never be read
        Map<String, Object> hot = content("X", List.of(stop("cd-dufu", 1)));
        hot.put("code", "hot");
        assertProblem(given().auth().oauth2(operator).contentType(ContentType.JSON).body(hot)
                .when().post("/api/v1/routes").then(), 400).body("errors.field", contains("code"));
        Map<String, Object> taken = content("X", List.of(stop("cd-dufu", 1)));
        taken.put("code", code);
        assertProblem(given().auth().oauth2(operator).contentType(ContentType.JSON).body(taken)
                .when().post("/api/v1/routes").then(), 409);
        assertProblem(given().queryParam("theme", "SHOPPING").when().get("/api/v1/routes").then(), 400);
    }

    @Test
    void aRetiredRouteLeavesTheHotRankingToTheRoutesStillPublished() {
        String operator = TestTokens.operator("op-hot");
        String code = create("op-hot", "Once hot");
        act(operator, code, "publish", null).statusCode(200);
        // a route read once is ranked (views reach Redis once a second); the new one is made the most viewed by far
        given().when().get("/api/v1/routes/liquor-culture/itinerary").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given().queryParam("limit", 50)
                .when().get("/api/v1/routes/hot").then().statusCode(200).extract().<List<String>>path("code").contains("liquor-culture"));
        redis.sortedSet(String.class).zincrby(ViewRanking.KEY, 1e12, code);
        given().queryParam("limit", 1).when().get("/api/v1/routes/hot").then().statusCode(200).body("code", contains(code));

        act(operator, code, "retire", null).statusCode(200);
        given().queryParam("limit", 1).when().get("/api/v1/routes/hot").then().statusCode(200)
                .body("", hasSize(1)).body("code", not(contains(code)));
    }

    @Test
    void concurrentPublishesMakeDistinctVersions() throws Exception {
        String operator = TestTokens.operator("op-race");
        String code = create("op-race", "Race");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                versions.add(pool.submit(() -> act(operator, code, "publish", null).statusCode(200).extract().<Integer>path("version")));
            }
            List<Integer> got = new ArrayList<>();
            for (var version : versions) {
                got.add(version.get());
            }
            assertEquals(List.of(1, 2, 3, 4), got.stream().sorted().toList());
        } finally {
            pool.shutdown();
        }
    }
}
