package cn.chengyu.pass.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the service's /q/metrics. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of one series, named with its tags as /q/metrics prints it; the series must be there. */
    public static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile(Pattern.quote(series) + " ([0-9.E]+)").matcher(metrics);
        assertTrue(value.find(), series);
        return Double.parseDouble(value.group(1));
    }
}
