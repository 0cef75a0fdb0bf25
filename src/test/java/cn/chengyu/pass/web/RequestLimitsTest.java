package cn.chengyu.pass.web;

import cn.chengyu.pass.support.CardFixtures;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.support.TestTokens;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static cn.chengyu.pass.support.GateFixtures.newSite;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounds every request is held to (OWASP API4): body size and JSON nesting. */
@QuarkusTest
class RequestLimitsTest {

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBodyDeclaredAsSeveralMegabytesIsRefusedBeforeItIsRead() throws Exception {
        String site = newSite(100);
        // The headers alone: the service answers without waiting for the five megabytes announced.
        String answer = exchange(site, "Content-Length: " + 5 * 1024 * 1024, out -> { });
        assertTooLarge(answer);
        assertEquals(0, Rows.count(database, "select count(*) from entry where site_code = ?", site));
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws Exception {
        String site = newSite(100);
        byte[] chunk = "[".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        String answer = exchange(site, "Transfer-Encoding: chunked", out -> {
            // Sixteen chunks reach the limit exactly; one byte more crosses it.
            for (int i = 0; i < 16; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("1\r\n[\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertTooLarge(answer);
        assertEquals(0, Rows.count(database, "select count(*) from entry where site_code = ?", site));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() throws Exception {
        String site = newSite(100);
        byte[] scan = ("{\"entryId\":\"" + UUID.randomUUID() + "\",\"cardNumber\":\"4111111111111111\"}")
                .getBytes(StandardCharsets.US_ASCII);
        String answer = exchange(site, "Transfer-Encoding: chunked", out -> {
            out.write((Integer.toHexString(scan.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(scan);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        assertTrue(answer.contains("CARD_UNKNOWN"), answer);
    }

    private interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A scan posted over a plain socket, so that the test controls exactly which bytes are sent. */
    private String exchange(String site, String framing, BodyWriter body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/sites/" + site + "/entries HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.gate("g-" + site, site) + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(out);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            int length = -1;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                answer.append(line).append('\n');
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            char[] content = new char[Math.max(length, 0)];
            int read = 0;
            while (read < content.length) {
                int n = in.read(content, read, content.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return answer.append('\n').append(content, 0, read).toString();
        }
    }

    private static void assertTooLarge(String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":413"), answer);
        assertTrue(answer.contains("limit of 1 MB"), answer);
    }

    @Test
    void theJsonReaderRefusesNestingDeeperThanTheLimit() {
        String allowed = "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH);
        assertDoesNotThrow(() -> json.readTree(allowed));
        String deeper = "[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1);
        assertThrows(StreamConstraintsException.class, () -> json.readTree(deeper));
    }

    @Test
    void deeplyNestedBodiesAreBadRequestsAndChangeNothing() {
        for (String body : List.of("[".repeat(100_000), "{\"name\":" + "{\"zh\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}")) {
            assertProblem(given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(body).when().put("/api/v1/sites/nesting-test").then(), 400);
        }
        assertProblem(given().when().get("/api/v1/sites/nesting-test").then(), 404);
    }

    @Test
    void controlCharactersInTextAreABadRequest() {
        String holder = CardFixtures.newHolder();
        assertProblem(CardFixtures.issue(holder, CardFixtures.body("ANNUAL", "李\u0000白", TestIds.adult()), UUID.randomUUID().toString()), 400)
                .body("errors[0].field", equalTo("holder.name"));
        assertProblem(given().when().queryParam("city", "Cheng\u0000du").get("/api/v1/sites").then(), 400);
        assertProblem(given().when().get("/api/v1/sites/cq%00hongyadong").then(), 404);
        given().auth().oauth2(TestTokens.holder(holder)).when().get("/api/v1/cards").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void aLongStringInsideTheSizeLimitIsABadRequest() {
        String site = newSite(100);
        assertProblem(given().auth().oauth2(TestTokens.gate("g-" + site, site)).contentType(ContentType.JSON)
                .body("{\"entryId\":\"" + UUID.randomUUID() + "\",\"pass\":\"" + "a".repeat(200_000) + "\"}")
                .when().post("/api/v1/sites/" + site + "/entries").then(), 400)
                .body("detail", containsString("longer than " + JsonLimits.MAX_STRING_LENGTH))
                .body("errors[0].field", equalTo("pass"));
        assertEquals(0, Rows.count(database, "select count(*) from entry where site_code = ?", site));
    }

    @Test
    void aKeyGivenTwiceIsABadRequestThatRecordsNothing() {
        String site = newSite(100);
        String entryId = UUID.randomUUID().toString();
        String body = "{\"entryId\":\"" + entryId + "\",\"cardNumber\":[],\"cardNumber\":\"4111111111111111\"}";
        assertProblem(given().auth().oauth2(TestTokens.gate("gate-" + site, site)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites/" + site + "/entries").then(), 400);
        String booking = "{\"site\":\"cq-hongyadong\",\"date\":[],\"date\":\"2026-10-01\",\"session\":\"night\"}";
        assertProblem(given().auth().oauth2(TestTokens.holder("dup-" + site)).contentType(ContentType.JSON).body(booking)
                .when().post("/api/v1/cards/" + UUID.randomUUID() + "/reservations").then(), 400);
        assertEquals(0, Rows.count(database, "select count(*) from entry where site_code = ?", site));
    }
}
