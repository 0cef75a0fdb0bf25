package cn.chengyu.pass.route;

import cn.chengyu.pass.route.cache.ItineraryCache;
import cn.chengyu.pass.support.GateFixtures;
import cn.chengyu.pass.support.RedisControl;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The itinerary cache: one load for a burst of misses, Redis optional, writes seen at once. */
@QuarkusTest
class ItineraryCacheTest {

    private static String publishedRoute(String operator) {
        String code = "ca-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.operator(operator)).contentType(ContentType.JSON)
                .body(Map.of("code", code, "theme", "LIQUOR_CULTURE", "name", Map.of("zh", "缓存", "en", "Cached"),
                        "description", "cache test", "stops", List.of(Map.of("siteCode", "lz-laojiao", "day", 1))))
                .when().post("/api/v1/routes").then().statusCode(201);
        given().auth().oauth2(TestTokens.operator(operator)).when().post("/api/v1/routes/" + code + "/publish").then().statusCode(200);
        return code;
    }

    private static double metric(String outcome, String layer) {
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        Matcher matcher = Pattern.compile("chengyu_itinerary_cache_total\\{layer=\"" + layer + "\",outcome=\"" + outcome
                + "\"} ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void burstOfConcurrentMissesLoadsTheDatabaseOnce() throws Exception {
        String code = publishedRoute("op-burst");
        double loadsBefore = metric("load", "database");
        ExecutorService pool = Executors.newFixedThreadPool(24);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().when().get("/api/v1/routes/" + code + "/itinerary").then().extract().statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1.0, metric("load", "database") - loadsBefore);
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    AgroalDataSource database;

    @Test
    void anotherReplicasInvalidationDropsTheCopyInMemory() throws Exception {
        String site = GateFixtures.newSite(10);
        String operator = "op-replica";
        String code = "ca-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.operator(operator)).contentType(ContentType.JSON)
                .body(Map.of("code", code, "theme", "NATURE", "name", Map.of("zh", "副本", "en", "Replica"),
                        "description", "pub/sub test", "stops", List.of(Map.of("siteCode", site, "day", 1))))
                .when().post("/api/v1/routes").then().statusCode(201);
        given().auth().oauth2(TestTokens.operator(operator)).when().post("/api/v1/routes/" + code + "/publish").then().statusCode(200);
        given().when().get("/api/v1/routes/" + code + "/itinerary").then().body("days[0].stops[0].site.name.en", equalTo("Gate test"));

        // Another replica changed the site: the row changes and that replica bumps the generation and tells the others.
        try (var connection = database.getConnection(); var update = connection.prepareStatement(
                "UPDATE site SET name_en = 'Changed elsewhere' WHERE code = ?")) {
            update.setString(1, site);
            update.executeUpdate();
        }
        given().when().get("/api/v1/routes/" + code + "/itinerary").then().body("days[0].stops[0].site.name.en", equalTo("Gate test"));
        redis.value(Long.class).incr("chengyu:itinerary:v1:generation").await().indefinitely();
        redis.pubsub(String.class).publish(ItineraryCache.INVALIDATIONS, "all").await().indefinitely();

        await("the other replica's change shows here").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().when().get("/api/v1/routes/" + code + "/itinerary").then()
                        .extract().path("days[0].stops[0].site.name.en"), equalTo("Changed elsewhere"));
    }

    @Test
    void aWriteWhileThisReplicaSkipsRedisStillStartsANewGenerationForTheOthers() {
        String code = publishedRoute("op-breaker");
        String generation = "chengyu:itinerary:v1:generation";
        // an earlier test may have left this replica skipping Redis: wait until a call goes through
        RedisControl.awaitThroughTheGuard();
        double errors = redisErrors();
        try {
            // Redis holds every command for 400 ms: this replica's read of the route (not in its memory yet) gives up
            // after 150 ms, and its breaker skips Redis for the next 5 s, while the other replicas' links are fine.
            redis.execute("CLIENT", "PAUSE", "400").await().indefinitely();
            given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200);
            assertTrue(redisErrors() > errors, "a Redis call failed, so the breaker opened");
            long before = redis.value(Long.class).get(generation).await().indefinitely();

            given().auth().oauth2(TestTokens.operator("op-breaker")).when().post("/api/v1/routes/" + code + "/retire")
                    .then().statusCode(200);
            // the other replicas read Redis' generation: the retired route's copies there are no longer current
            assertTrue(redis.value(Long.class).get(generation).await().indefinitely() > before);
        } finally {
            RedisControl.awaitThroughTheGuard(); // for the tests after this one
        }
    }

    private static double redisErrors() {
        Matcher matcher = Pattern.compile("chengyu_redis_errors_total ([0-9.E]+)")
                .matcher(given().when().get("/q/metrics").then().extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void repeatedReadsAreServedFromMemory() {
        String code = publishedRoute("op-memory");
        given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200);
        double hits = metric("hit", "memory");
        given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200);
        assertTrue(metric("hit", "memory") > hits);
    }

    @Test
    void readsAnswerWithRedisStoppedAndTheCacheRefillsWhenItReturns() throws Exception {
        String operator = "op-outage";
        String code = publishedRoute(operator);
        given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200);
        RedisControl.stop();
        try {
            assertTrue(!RedisControl.isUp());
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200);
                given().when().get("/api/v1/routes/liquor-culture").then().statusCode(200);
                given().when().get("/api/v1/routes/hot").then().statusCode(200);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 2_000, "reads took " + millis + " ms with Redis down");
            }
            // a write during the outage is still seen at once on this instance
            given().auth().oauth2(TestTokens.operator(operator)).contentType(ContentType.JSON)
                    .body(Map.of("theme", "LIQUOR_CULTURE", "name", Map.of("zh", "缓存", "en", "During outage"),
                            "description", "cache test", "stops", List.of(Map.of("siteCode", "yb-wuliangye", "day", 1))))
                    .when().put("/api/v1/routes/" + code + "/draft").then().statusCode(200);
            given().auth().oauth2(TestTokens.operator(operator)).when().post("/api/v1/routes/" + code + "/publish").then().statusCode(200);
            given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200).body("name.en", equalTo("During outage"));
        } finally {
            RedisControl.start();
        }
        double redisHits = metric("hit", "redis");
        await("the Redis cache refills after Redis returned").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    given().when().get("/api/v1/routes/" + code + "/itinerary").then().statusCode(200)
                            .body("name.en", equalTo("During outage"));
                    given().when().get("/api/v1/routes/historical-culture/itinerary").then().statusCode(200);
                    return metric("hit", "redis") > redisHits;
                });
        await("views are ranked again once Redis is back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().queryParam("limit", 50).when().get("/api/v1/routes/hot").then().statusCode(200)
                        .extract().<List<String>>path("code"), hasItem(code));
    }
}
