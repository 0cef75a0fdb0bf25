package cn.chengyu.pass.site;

import cn.chengyu.pass.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SiteResourceTest {

    private static final String[] LAUNCH_SITES = {
            "cq-hongyadong", "cq-ciqikou", "cq-dazu", "cd-kuanzhai", "cd-wuhouci",
            "cd-dufu", "my-libai", "lz-laojiao", "yb-wuliangye", "yb-lizhuang"};

    @Test
    void launchCatalogListsTheTenSites() {
        given().queryParam("size", 100).queryParam("city", "")
                .when().get("/api/v1/sites")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(100))
                .body("items.find { it.code == 'cq-hongyadong' }.name.zh", equalTo("洪崖洞"))
                .body("items.find { it.code == 'cd-kuanzhai' }.province", equalTo("SICHUAN"));
        // Other tests add sites of their own: read every page.
        List<String> codes = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<String> found = given().queryParam("size", 100).queryParam("page", page).when().get("/api/v1/sites")
                    .then().statusCode(200).extract().path("items.code");
            codes.addAll(found);
            if (found.size() < 100) {
                break;
            }
        }
        assertTrue(codes.containsAll(List.of(LAUNCH_SITES)), () -> "launch sites missing from " + codes);
        given().when().get("/api/v1/sites/my-libai").then().statusCode(200).body("name.en", equalTo("Li Bai's Hometown"));
        given().when().get("/api/v1/sites/lz-laojiao").then().statusCode(200).body("province", equalTo("SICHUAN"));
    }

    @Test
    void sitesFilterByCityIgnoringCase() {
        given().queryParam("city", "yibin")
                .when().get("/api/v1/sites")
                .then().statusCode(200)
                .body("items.code", containsInAnyOrder("yb-wuliangye", "yb-lizhuang"))
                .body("total", equalTo(2));
    }

    @Test
    void sitesFilterByProvince() {
        given().queryParam("province", "CHONGQING").queryParam("size", 100)
                .when().get("/api/v1/sites")
                .then().statusCode(200)
                .body("items.province", everyItem(equalTo("CHONGQING")))
                .body("items.code", hasItems("cq-hongyadong", "cq-ciqikou", "cq-dazu"));
    }

    @Test
    void sitesArePagedInCodeOrder() {
        String city = "Paging-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = freshCode();
        for (String suffix : new String[] {"c", "a", "b"}) {
            Map<String, Object> body = site("Paged " + suffix, 10);
            body.put("city", city);
            asAdmin().body(body).when().put("/api/v1/sites/" + prefix + "-" + suffix).then().statusCode(201);
        }
        given().queryParam("city", city).queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/v1/sites")
                .then().statusCode(200)
                .body("items.code", contains(prefix + "-c"))
                .body("page", equalTo(1))
                .body("size", equalTo(2))
                .body("total", equalTo(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=101", "size=0", "page=-1", "size=abc", "page=x", "province=HUBEI", "province=sichuan"})
    void badListParametersAreRejected(String query) {
        String[] pair = query.split("=");
        assertProblem(given().queryParam(pair[0], pair[1]).when().get("/api/v1/sites").then(), 400);
    }

    @Test
    void oversizedPageNamesTheField() {
        assertProblem(given().queryParam("size", 101).when().get("/api/v1/sites").then(), 400)
                .body("errors.field", contains("size"));
    }

    @Test
    void siteIsReadByCode() {
        given().when().get("/api/v1/sites/cd-kuanzhai")
                .then().statusCode(200)
                .body("code", equalTo("cd-kuanzhai"))
                .body("name.zh", equalTo("宽窄巷子"))
                .body("name.en", equalTo("Kuanzhai Alley"))
                .body("city", equalTo("Chengdu"))
                .body("location.lat", equalTo(30.6697f))
                .body("openingHours.opens", equalTo("09:00"))
                .body("status", equalTo("OPEN"));
    }

    @Test
    void unknownSiteIsNotFound() {
        assertProblem(given().when().get("/api/v1/sites/no-such-site").then(), 404);
    }

    @Test
    void adminCreatesThenReplacesASite() {
        String code = freshCode();
        asAdmin().body(site("Sanxingdui Museum", 15000)).when().put("/api/v1/sites/" + code)
                .then().statusCode(201)
                .body("code", equalTo(code))
                .body("dailyCapacity", equalTo(15000));
        asAdmin().body(site("Sanxingdui Museum", 18000)).when().put("/api/v1/sites/" + code)
                .then().statusCode(200)
                .body("dailyCapacity", equalTo(18000));
        given().when().get("/api/v1/sites/" + code)
                .then().statusCode(200)
                .body("name.en", equalTo("Sanxingdui Museum"))
                .body("dailyCapacity", equalTo(18000))
                .body("openingHours.closes", equalTo("17:30"));
    }

    @Test
    void bodyCodeMustMatchThePath() {
        String code = freshCode();
        Map<String, Object> body = site("Mismatch", 10);
        body.put("code", "cq-hongyadong");
        assertProblem(asAdmin().body(body).when().put("/api/v1/sites/" + code).then(), 400)
                .body("errors.field", contains("code"));
        assertProblem(given().when().get("/api/v1/sites/" + code).then(), 404);
    }

    @Test
    void malformedPathCodeIsRejected() {
        assertProblem(asAdmin().body(site("Upper", 10)).when().put("/api/v1/sites/Bad_Code").then(), 400)
                .body("errors.field", contains("code"));
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("latitude above 90", edit(b -> b.put("location", Map.of("lat", 90.5, "lon", 104.0))), "location.lat"),
                Arguments.of("longitude below -180", edit(b -> b.put("location", Map.of("lat", 30.0, "lon", -181))), "location.lon"),
                Arguments.of("negative capacity", edit(b -> b.put("dailyCapacity", -1)), "dailyCapacity"),
                Arguments.of("hours not HH:mm", edit(b -> b.put("openingHours", Map.of("opens", "9:00", "closes", "18:00"))), "openingHours.opens"),
                Arguments.of("hour 24", edit(b -> b.put("openingHours", Map.of("opens", "09:00", "closes", "24:00"))), "openingHours.closes"),
                Arguments.of("closing before opening", edit(b -> b.put("openingHours", Map.of("opens", "18:00", "closes", "09:00"))), "openingHours.closes"),
                Arguments.of("unknown province", edit(b -> b.put("province", "HUBEI")), "province"),
                Arguments.of("unknown status", edit(b -> b.put("status", "MAYBE")), "status"),
                Arguments.of("blank English name", edit(b -> b.put("name", Map.of("zh", "名", "en", " "))), "name.en"),
                Arguments.of("missing city", edit(b -> b.remove("city")), "city"),
                Arguments.of("unknown field", edit(b -> b.put("ticketPrice", 80)), "ticketPrice"),
                Arguments.of("wrong type", edit(b -> b.put("dailyCapacity", "many")), "dailyCapacity"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidSiteIsRejectedAndChangesNothing(String fault, Map<String, Object> body, String field) {
        String code = freshCode();
        asAdmin().body(site("Before", 500)).when().put("/api/v1/sites/" + code).then().statusCode(201);

        assertProblem(asAdmin().body(body).when().put("/api/v1/sites/" + code).then(), 400)
                .body("errors.field", hasItem(field));

        given().when().get("/api/v1/sites/" + code)
                .then().statusCode(200)
                .body("name.en", equalTo("Before"))
                .body("dailyCapacity", equalTo(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": ", "[1, 2]", "\"site\"", "{\"name\": {\"zh\": \"a\", \"en\": \"b\"},}"})
    void malformedJsonIsRejected(String body) {
        String code = freshCode();
        assertProblem(asAdmin().body(body).when().put("/api/v1/sites/" + code).then(), 400);
        assertProblem(given().when().get("/api/v1/sites/" + code).then(), 404);
    }

    @Test
    void missingBodyIsRejected() {
        assertProblem(given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .when().put("/api/v1/sites/" + freshCode()).then(), 400);
    }

    @Test
    void nonJsonBodyIsUnsupported() {
        assertProblem(given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body("Hongya Cave")
                .when().put("/api/v1/sites/" + freshCode()).then(), 415);
    }

    @Test
    void deleteIsNotAllowed() {
        assertProblem(given().auth().oauth2(TestTokens.admin()).when().delete("/api/v1/sites/cq-dazu").then(), 405);
        given().when().get("/api/v1/sites/cq-dazu").then().statusCode(200);
    }

    @Test
    void anonymousCannotWriteSites() {
        String code = freshCode();
        assertProblem(given().contentType(ContentType.JSON).body(site("Anon", 1))
                .when().put("/api/v1/sites/" + code).then(), 401);
        assertProblem(given().when().get("/api/v1/sites/" + code).then(), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"holder", "gate", "operator"})
    void onlyAdminWritesSites(String role) {
        String token = switch (role) {
            case "holder" -> TestTokens.holder("visitor-1");
            case "gate" -> TestTokens.gate("gate-1", "cq-dazu");
            default -> TestTokens.operator("operator-1");
        };
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(site("Nope", 1))
                .when().put("/api/v1/sites/cq-dazu").then(), 403);
        given().when().get("/api/v1/sites/cq-dazu").then().statusCode(200).body("name.en", equalTo("Dazu Rock Carvings"));
    }

    static String freshCode() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON);
    }

    static Map<String, Object> site(String englishName, int capacity) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", Map.of("zh", "三星堆博物馆", "en", englishName));
        body.put("city", "Deyang");
        body.put("province", "SICHUAN");
        body.put("location", Map.of("lat", 31.0, "lon", 104.2));
        body.put("openingHours", Map.of("opens", "08:30", "closes", "17:30"));
        body.put("dailyCapacity", capacity);
        body.put("status", "OPEN");
        return body;
    }

    private static Map<String, Object> edit(java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> body = site("After", 999);
        change.accept(body);
        return body;
    }
}
