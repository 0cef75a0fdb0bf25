package cn.chengyu.pass.support;

import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/** Checks that an answer is an RFC 9457 problem with the given status and no internals in it. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("type", startsWith("urn:chengyu-pass:problem:"))
                .body("title", not(equalTo(null)))
                .body("detail", not(equalTo(null)))
                .body("instance", startsWith("/"))
                .body(not(containsString("Exception")))
                .body(not(containsString("at cn.")))
                .body(not(containsString("at io.")));
    }

    /** The same, and the problem is of this kind ({@code urn:chengyu-pass:problem:<slug>}). */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String slug) {
        return assertProblem(response, status).body("type", equalTo("urn:chengyu-pass:problem:" + slug));
    }
}
