package cn.chengyu.pass.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed OpenAPI document is the one the code generates, and it describes everything. */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void committedDocumentMatchesTheCode() throws IOException {
        JsonNode committed = JSON.readTree(Path.of("openapi/openapi.json").toFile());
        assertEquals(committed, served(),
                "openapi/openapi.json differs from the API the code serves: run `./mvnw package -DskipTests` and commit openapi/");
    }

    @Test
    void everyOperationAndParameterIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        served().get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            JsonNode op = operation.getValue();
            if (op.path("summary").asText().isBlank() || op.path("description").asText().isBlank()) {
                undescribed.add(name);
            }
            op.path("parameters").forEach(parameter -> {
                if (parameter.path("description").asText().isBlank()) {
                    undescribed.add(name + " parameter " + parameter.path("name").asText());
                }
            });
        }));
        assertTrue(undescribed.isEmpty(), "Missing descriptions: " + undescribed);
    }

    @Test
    void everySchemaFieldIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> schema : iterable(served().path("components").path("schemas"))) {
            for (Map.Entry<String, JsonNode> property : iterable(schema.getValue().path("properties"))) {
                if (property.getValue().path("description").asText().isBlank()) {
                    undescribed.add(schema.getKey() + "." + property.getKey());
                }
            }
        }
        assertTrue(undescribed.isEmpty(), "Fields without a description: " + undescribed);
    }

    @Test
    void responsesOfThisQuarkusTestAreValidatedAgainstTheDocument() {
        assertTrue(io.restassured.RestAssured.filters().stream()
                        .anyMatch(com.atlassian.oai.validator.restassured.OpenApiValidationFilter.class::isInstance),
                "support/ContractValidation's filter is on in @QuarkusTest classes too");
    }

    @Test
    void documentNamesTheBearerScheme() {
        assertEquals("bearer", served().path("components").path("securitySchemes").path("bearer").path("scheme").asText());
    }

    private static JsonNode served() {
        try {
            return JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                    .extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
