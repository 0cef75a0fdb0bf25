package cn.chengyu.pass.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem detail: the body of every 4xx and 5xx answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
        @Schema(description = "URI identifying the kind of problem", example = "urn:chengyu-pass:problem:validation")
        String type,
        @Schema(description = "Short summary of the kind of problem", example = "Invalid request")
        String title,
        @Schema(description = "HTTP status code", example = "400")
        int status,
        @Schema(description = "What went wrong with this request")
        String detail,
        @Schema(description = "The request path", example = "/api/v1/sites/cq-hongyadong")
        String instance,
        @Schema(description = "The fields that failed validation, when there are any")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request. */
    @Schema(name = "FieldError", description = "One invalid field of a request")
    public record FieldError(
            @Schema(description = "Path of the field, dotted for nested fields, or the name of the query/path parameter", example = "location.lat")
            String field,
            @Schema(description = "What is wrong with it", example = "must be less than or equal to 90")
            String message) {
    }
}
