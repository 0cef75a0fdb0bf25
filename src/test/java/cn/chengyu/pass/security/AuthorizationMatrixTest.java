package cn.chengyu.pass.security;

import cn.chengyu.pass.support.ApiExamples;
import cn.chengyu.pass.support.ApiExamples.Caller;
import cn.chengyu.pass.support.ApiExamples.Example;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation the OpenAPI document lists, called by every kind of caller. Who may call it
 * comes from the document (its security roles) plus the ownership rules of the design: a card
 * belongs to its holder (others get 404), a gate records entries and reads reservations at its own site only (403), an
 * operator changes only its own routes (403). A refused call answers problem+json and changes nothing.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    /** Expected answer of one call: allowed (2xx/304) or refused with this status. */
    private record Expected(boolean allowed, int status) {
        static final Expected ALLOWED = new Expected(true, 0);

        static Expected refused(int status) {
            return new Expected(false, status);
        }

        @Override
        public String toString() {
            return allowed ? "allowed" : "refused " + status;
        }
    }

    private record Operation(String method, String template, Set<String> roles) {
        String name() {
            return method + " " + template;
        }
    }

    @TestFactory
    List<DynamicTest> everyOperationForEveryCaller() throws Exception {
        List<Operation> operations = operations();
        assertTrue(operations.size() >= 26, "the document lists " + operations.size() + " operations");
        ApiExamples examples = new ApiExamples();
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation operation : operations) {
            for (Caller caller : Caller.values()) {
                Expected expected = expected(operation, caller);
                tests.add(DynamicTest.dynamicTest(operation.name() + " as " + caller + " is " + expected, () -> {
                    Example example = examples.of(operation.method(), operation.template(), caller);
                    assertNotNull(example, operation.name() + " has no example request: add one to ApiExamples");
                    Response response = example.send(examples.token(caller));
                    int status = response.statusCode();
                    if (expected.allowed()) {
                        assertTrue(status >= 200 && status < 300 || status == 304,
                                operation.name() + " as " + caller + " answered " + status + ": " + response.asString());
                    } else {
                        assertEquals(expected.status(), status, operation.name() + " as " + caller + ": " + response.asString());
                        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
                        assertEquals(expected.status(), response.jsonPath().getInt("status"));
                        if (example.unchanged() != null) {
                            example.unchanged().run();
                        }
                    }
                }));
            }
        }
        return tests;
    }

    /** The operations of the served document (the same as the committed one; OpenApiDocumentTest checks that). */
    private static List<Operation> operations() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                // The roles the document names for the operation (x-roles; an HTTP bearer scheme has no scopes).
                Set<String> roles = new HashSet<>();
                method.getValue().path("x-roles").forEach(role -> roles.add(role.asText()));
                assertEquals(roles.isEmpty(), method.getValue().path("security").isMissingNode(),
                        method.getKey() + " " + path.getKey() + ": roles and the bearer requirement go together");
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), roles));
            }
        }
        return operations;
    }

    private static Expected expected(Operation operation, Caller caller) {
        if (operation.roles().isEmpty()) {
            return Expected.ALLOWED;
        }
        if (caller == Caller.ANONYMOUS) {
            return Expected.refused(401);
        }
        if (!operation.roles().contains(caller.role)) {
            return Expected.refused(403);
        }
        String template = operation.template();
        if (template.startsWith("/api/v1/cards/{id}") && caller == Caller.OTHER_HOLDER) {
            return Expected.refused(404);
        }
        if ((template.startsWith("/api/v1/sites/{code}/entries") || template.equals("/api/v1/sites/{code}/reservations"))
                && caller == Caller.GATE_OF_ANOTHER_SITE) {
            return Expected.refused(403);
        }
        if ((template.equals("/api/v1/sites/{code}/tariffs") || template.startsWith("/api/v1/settlement/statements/{month}"))
                && caller == Caller.PARTNER_OF_ANOTHER_SITE) {
            return Expected.refused(403);
        }
        if (template.startsWith("/api/v1/routes/{code}/") && caller == Caller.OTHER_OPERATOR) {
            return Expected.refused(403);
        }
        return Expected.ALLOWED;
    }
}
