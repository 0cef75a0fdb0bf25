package cn.chengyu.pass.card;

import cn.chengyu.pass.support.Rows;
import cn.chengyu.pass.support.TestIds;
import cn.chengyu.pass.support.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static cn.chengyu.pass.support.CardFixtures.body;
import static cn.chengyu.pass.support.CardFixtures.issueWith;
import static cn.chengyu.pass.support.CardFixtures.newHolder;
import static cn.chengyu.pass.support.ProblemAssertions.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A holder gets a card only in the name its identity provider verified; a service counter (admin) names the holder. */
@QuarkusTest
class RealNameIssueTest {

    @Inject
    AgroalDataSource database;

    @Test
    void holderWithoutVerifiedClaimsIsRefusedAndNothingIsIssued() {
        String holder = newHolder();
        assertProblem(issueWith(TestTokens.holder(holder), body("ANNUAL", "李白", TestIds.adult()), key()), 403)
                .body("type", equalTo("urn:chengyu-pass:problem:real-name-required"));
        assertEquals(0, cardsOwnedBy(holder));
    }

    @Test
    void verifiedClaimsWithoutATrustFrameworkVerifyNobody() {
        String holder = newHolder();
        String token = TestTokens.holderWithClaim(holder, "verified_claims",
                Map.of("claims", Map.of("name", "李白", "id_number", TestIds.adult())));
        assertProblem(issueWith(token, Map.of("productCode", "ANNUAL"), key()), 403)
                .body("type", equalTo("urn:chengyu-pass:problem:real-name-required"));
        assertEquals(0, cardsOwnedBy(holder));
    }

    @Test
    void aStrangersIdentityIsRefusedAndTheStrangerCanStillIssue() {
        String stranger = TestIds.adult();
        String thief = newHolder();
        assertProblem(issueWith(TestTokens.verifiedHolder(thief, "王维", TestIds.adult()), body("ANNUAL", "王维", stranger), key()), 403)
                .body("type", equalTo("urn:chengyu-pass:problem:real-name-mismatch"));
        assertEquals(0, cardsOwnedBy(thief));
        // The real person is not blocked by the attempt (no 409 "already holds a card").
        String owner = newHolder();
        issueWith(TestTokens.verifiedHolder(owner, "王维", stranger), body("ANNUAL", "王维", stranger), key()).statusCode(201);
    }

    @Test
    void aNameOtherThanTheVerifiedOneIsAMismatch() {
        String id = TestIds.adult();
        assertProblem(issueWith(TestTokens.verifiedHolder(newHolder(), "王维", id), body("ANNUAL", "王伟", id), key()), 403)
                .body("type", equalTo("urn:chengyu-pass:problem:real-name-mismatch"));
    }

    @Test
    void theVerifiedPersonIsUsedWhenTheBodyNamesNobody() {
        String id = TestIds.endingInX();
        issueWith(TestTokens.verifiedHolder(newHolder(), "薛涛", id.toLowerCase()), Map.of("productCode", "PASS_72H"), key())
                .statusCode(201)
                .body("holder.name", equalTo("薛涛"))
                .body("holder.idNumberMasked", equalTo(id.substring(0, 3) + "***********" + id.substring(14)));
    }

    @Test
    void theBodyMayRepeatTheVerifiedPersonWithALowerCaseX() {
        String id = TestIds.endingInX();
        issueWith(TestTokens.verifiedHolder(newHolder(), "薛涛", id), body("ANNUAL", " 薛涛 ", id.toLowerCase()), key())
                .statusCode(201).body("holder.name", equalTo("薛涛"));
    }

    @Test
    void aServiceCounterIssuesToTheOwnerItNamesAndMustNameTheHolder() {
        String owner = newHolder();
        assertProblem(issueWith(TestTokens.admin(), Map.of("productCode", "ANNUAL", "ownerSubject", owner), key()), 400)
                .body("errors[0].field", equalTo("holder"));
        Map<String, Object> body = body("ANNUAL", "杜牧", TestIds.adult());
        body.put("ownerSubject", owner);
        issueWith(TestTokens.admin(), body, key()).statusCode(201).body("holder.name", equalTo("杜牧"));
        assertEquals(1, cardsOwnedBy(owner));
    }

    private int cardsOwnedBy(String owner) {
        return Rows.count(database, "select count(*) from card where owner_subject = ?", owner);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
