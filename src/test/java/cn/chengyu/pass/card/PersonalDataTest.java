package cn.chengyu.pass.card;

import cn.chengyu.pass.card.rest.IssueCardRequest;
import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.support.TestTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.security.MessageDigest;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.CardFixtures.body;
import static cn.chengyu.pass.support.CardFixtures.issue;
import static cn.chengyu.pass.support.CardFixtures.issueWith;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw ID numbers used to issue cards appear in no response, no log line and no table. */
@QuarkusTest
class PersonalDataTest {

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    @Test
    void rawIdNumbersAreNowhere() throws Exception {
        List<String> raw = List.of(TestIds.adult(), TestIds.senior(), TestIds.minor(), TestIds.endingInX());
        StringBuilder responses = new StringBuilder();
        for (String id : raw) {
            String owner = newHolder();
            String key = UUID.randomUUID().toString();
            responses.append(issue(owner, body("ANNUAL", "测试", id), key).statusCode(201).extract().asString());
            responses.append(issue(owner, body("ANNUAL", "测试", id), key).statusCode(201).extract().asString());
            responses.append(issue(owner, body("ANNUAL", "测试", id), "dup-" + key).statusCode(409).extract().asString());
            responses.append(issue(owner, body("ANNUAL", "测试", TestIds.withWrongCheck(id)), "bad-" + key)
                    .statusCode(400).extract().asString());
            String card = given().auth().oauth2(TestTokens.holder(owner)).when().get("/api/v1/cards")
                    .then().extract().path("items[0].id");
            responses.append(given().auth().oauth2(TestTokens.holder(owner)).when().get("/api/v1/cards/" + card).then().extract().asString());
            responses.append(given().auth().oauth2(TestTokens.holder(owner)).when().post("/api/v1/cards/" + card + "/replace")
                    .then().extract().asString());
        }
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        String tables = dumpEveryTable();
        assertTrue(tables.contains(raw.get(0).substring(0, 3) + "***********" + raw.get(0).substring(14)),
                "the dump should hold the masks, else it proves nothing");

        List<String> hits = new ArrayList<>();
        for (String id : raw) {
            for (String form : List.of(id, id.toLowerCase(), TestIds.withWrongCheck(id), id.substring(0, 17))) {
                if (responses.toString().contains(form)) {
                    hits.add("response: " + form);
                }
                if (log.contains(form)) {
                    hits.add("log: " + form);
                }
                if (tables.contains(form)) {
                    hits.add("table: " + form);
                }
            }
        }
        assertEquals(List.of(), hits);
    }

    /**
     * What an attacker holding a copy of the database would try: hash every candidate ID number (or
     * card request, which holds one) without a key and look for the digest. Nothing may match: every
     * stored value derived from an ID number must be keyed with PASS_PII_KEY.
     */
    @Test
    void noUnkeyedDigestOfAnIdNumberOrACardRequestIsStored() throws Exception {
        String id = TestIds.adult();
        String owner = newHolder();
        IssueCardRequest asSent = new IssueCardRequest("ANNUAL", new IssueCardRequest.HolderRequest("测试", id), null);
        issue(owner, body("ANNUAL", "测试", id), UUID.randomUUID().toString()).statusCode(201);
        String counterId = TestIds.senior();
        Map<String, Object> counterBody = body("ANNUAL", "测试", counterId);
        counterBody.put("ownerSubject", newHolder());
        IssueCardRequest counterRequest = new IssueCardRequest("ANNUAL",
                new IssueCardRequest.HolderRequest("测试", counterId), (String) counterBody.get("ownerSubject"));
        issueWith(TestTokens.admin(), counterBody, UUID.randomUUID().toString()).statusCode(201);

        List<byte[]> candidates = new ArrayList<>();
        for (String number : List.of(id, counterId)) {
            candidates.add(number.getBytes(StandardCharsets.UTF_8));
            candidates.add(number.toLowerCase().getBytes(StandardCharsets.UTF_8));
        }
        for (IssueCardRequest request : List.of(asSent, counterRequest)) {
            byte[] serialised = json.writeValueAsBytes(request);
            candidates.add(serialised);
            candidates.add(concat("/api/v1/cards".getBytes(StandardCharsets.UTF_8), new byte[] {0}, serialised));
        }
        String tables = dumpEveryTable().toLowerCase();
        List<String> matched = new ArrayList<>();
        for (String algorithm : List.of("MD5", "SHA-1", "SHA-256", "SHA-512")) {
            for (byte[] candidate : candidates) {
                byte[] digest = MessageDigest.getInstance(algorithm).digest(candidate);
                for (String form : List.of(HexFormat.of().formatHex(digest), Base64.getEncoder().encodeToString(digest).toLowerCase(),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(digest).toLowerCase())) {
                    if (tables.contains(form)) {
                        matched.add(algorithm + " of " + new String(candidate, StandardCharsets.UTF_8).replace(id, "<id>"));
                    }
                }
            }
        }
        assertTrue(Rows.count(database, "select count(*) from idempotency_record where caller = ?", owner) == 1,
                "the issue's idempotency record should be in the dump, else it proves nothing");
        assertEquals(List.of(), matched);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private String dumpEveryTable() throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertTrue(tables.containsAll(List.of("card", "idempotency_record", "entry")), tables.toString());
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (rows.next()) {
                        dump.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
