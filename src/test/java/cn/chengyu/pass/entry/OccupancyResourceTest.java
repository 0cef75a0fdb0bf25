package cn.chengyu.pass.entry;

import cn.chengyu.pass.support.TestClock;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class OccupancyResourceTest {

    @Inject
    AgroalDataSource database;

    @Test
    void siteWithoutEntriesIsEmptyToday() {
        String code = newSite(200);
        given().when().get("/api/v1/sites/" + code + "/occupancy")
                .then().statusCode(200)
                .body("site", equalTo(code))
                .body("date", equalTo(TestClock.today().toString()))
                .body("admitted", equalTo(0))
                .body("capacity", equalTo(200))
                .body("level", equalTo("GREEN"));
    }

    @Test
    void occupancyCountsTodaysAdmissionsOnly() throws Exception {
        String code = newSite(200);
        LocalDate today = TestClock.today();
        recordAdmissions(code, today, 181);
        recordAdmissions(code, today.minusDays(1), 200);
        given().when().get("/api/v1/sites/" + code + "/occupancy")
                .then().statusCode(200)
                .body("admitted", equalTo(181))
                .body("level", equalTo("ORANGE"));
    }

    @Test
    void unknownSiteHasNoOccupancy() {
        assertProblem(given().when().get("/api/v1/sites/no-such-site/occupancy").then(), 404);
    }

    private String newSite(int capacity) {
        String code = "occ-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of(
                        "name", Map.of("zh", "测试景区", "en", "Test Site"),
                        "city", "Chengdu", "province", "SICHUAN",
                        "location", Map.of("lat", 30.6, "lon", 104.0),
                        "openingHours", Map.of("opens", "00:00", "closes", "23:59"),
                        "dailyCapacity", capacity, "status", "OPEN"))
                .when().put("/api/v1/sites/" + code)
                .then().statusCode(201);
        return code;
    }

    private void recordAdmissions(String code, LocalDate day, int admitted) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO site_day_admissions (site_code, day, session_code, admitted) VALUES (?, ?, 'day', ?)")) {
            insert.setString(1, code);
            insert.setDate(2, Date.valueOf(day));
            insert.setInt(3, admitted);
            insert.executeUpdate();
        }
    }
}
