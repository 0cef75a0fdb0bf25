package cn.chengyu.pass.web;

import cn.chengyu.pass.support.ContractValidation;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator that checks every HTTP test's responses catches drift from the committed document. */
class ContractValidationTest {

    private static final String CARD = """
            {"id":"0b1c2d3e-0000-4000-8000-000000000001","number":"6217300012345670","productCode":"ANNUAL",
             "status":"ISSUED","category":"ADULT","holder":{"name":"李白","idNumberMasked":"510***********123X"},
             "issuedAt":"2026-11-27T08:00:00Z","activateBy":"2027-05-26T08:00:00Z","activatedAt":%s,
             "validUntil":null,"replacedBy":null,"suspension":%s}""";

    private static ValidationReport cardAnswer(String activatedAt, String suspension) {
        return ContractValidation.VALIDATOR.validateResponse("/api/v1/cards/0b1c2d3e-0000-4000-8000-000000000001",
                Request.Method.GET, SimpleResponse.Builder.ok().withContentType("application/json")
                        .withBody(CARD.formatted(activatedAt, suspension)).build());
    }

    @Test
    void aCardAsTheApiSendsItIsValid() {
        ValidationReport report = cardAnswer("null", "null");
        assertFalse(report.hasErrors(), report.toString());
        report = cardAnswer("\"2026-11-27T09:00:00Z\"",
                "{\"by\":\"AUTHORITY\",\"reason\":\"Reported stolen\",\"at\":\"2026-11-27T10:00:00Z\"}");
        assertFalse(report.hasErrors(), report.toString());
    }

    @Test
    void aFieldOfTheWrongTypeOrAnUnknownStatusIsCaught() {
        assertTrue(cardAnswer("12", "null").hasErrors(), "a number where a timestamp belongs");
        assertTrue(cardAnswer("null", "{\"by\":\"SOMEONE\",\"reason\":null,\"at\":\"2026-11-27T10:00:00Z\"}").hasErrors(),
                "a value outside the enum");
        ValidationReport undocumented = ContractValidation.VALIDATOR.validateResponse("/api/v1/cards",
                Request.Method.POST, SimpleResponse.Builder.status(201).withContentType("text/plain").withBody("card").build());
        assertTrue(undocumented.hasErrors(), "a media type the operation does not declare");
    }

    @Test
    void theFilterIsOnForEveryTestClass() {
        assertTrue(RestAssured.filters().stream().anyMatch(OpenApiValidationFilter.class::isInstance),
                "ContractValidation registers its filter before every test class");
    }
}
