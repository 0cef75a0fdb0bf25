package cn.chengyu.pass.product;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class ProductResourceTest {

    @Test
    void productsListTheLaunchCardTypes() {
        given().when().get("/api/v1/products")
                .then().statusCode(200)
                .body("code", hasItems("ANNUAL", "PASS_72H"))
                .body("find { it.code == 'ANNUAL' }.name.en", equalTo("Chengdu–Chongqing Annual Card"))
                .body("find { it.code == 'ANNUAL' }.validityHours", equalTo(8760))
                .body("find { it.code == 'ANNUAL' }.activationWindowDays", equalTo(180))
                .body("find { it.code == 'ANNUAL' }.siteLimit", equalTo("ONCE_PER_SITE_PER_DAY"))
                .body("find { it.code == 'PASS_72H' }.validityHours", equalTo(72))
                .body("find { it.code == 'PASS_72H' }.siteLimit", equalTo("ONCE_PER_SITE"));
    }
}
