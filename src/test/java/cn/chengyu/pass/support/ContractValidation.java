package cn.chengyu.pass.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Checks every response a test receives through rest-assured against the committed
 * {@code openapi/openapi.json}, so that a field of the wrong type, a null the document calls
 * non-nullable, a value outside an enum or a media type it does not declare fails the build rather
 * than a generated client in the field. Registered for every test class through META-INF/services twice: as a JUnit extension
 * (autodetection is on in the pom) for plain and integration tests, and as a Quarkus callback for
 * {@code @QuarkusTest} classes, which run in Quarkus's own class loader with a RestAssured of their
 * own. Requests are not checked: tests send malformed ones on purpose.
 */
public final class ContractValidation implements BeforeAllCallback, QuarkusTestBeforeEachCallback {

    public static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("openapi/openapi.json").toUri().toString())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    private static final OpenApiValidationFilter FILTER = new OpenApiValidationFilter(VALIDATOR);

    @Override
    public void beforeAll(ExtensionContext context) {
        register();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        register();
    }

    private static synchronized void register() {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }
}
