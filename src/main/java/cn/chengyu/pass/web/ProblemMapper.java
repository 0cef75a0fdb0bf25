package cn.chengyu.pass.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The one place where failures become answers: every error is RFC 9457 problem+json,
 * never a stack trace or a class name.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Duration OUTAGE_LOG_EVERY = Duration.ofSeconds(5);
    private static final int OUTAGE_RETRY_AFTER_SECONDS = 2;
    /** One log line per few seconds of an outage, not one per request. */
    private static final AtomicLong lastOutageLog = new AtomicLong(System.nanoTime() - OUTAGE_LOG_EVERY.toNanos() - 1);

    private final ProblemRenderer renderer;
    private final Counter outages;

    public ProblemMapper(ProblemRenderer renderer, MeterRegistry metrics) {
        this.renderer = renderer;
        this.outages = Counter.builder("chengyu.database.unavailable")
                .description("Requests answered 503 because the database was unreachable").register(metrics);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder builder = builder(e.status(), e.slug(), e.title(), e.getMessage(), request, e.errors());
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return answer(400, "validation", "Invalid request", "The request has invalid fields.", request, errors);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request, "A valid bearer token is required.");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthorized(request, "The bearer token is invalid, expired or not meant for this service.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return answer(403, "forbidden", "Forbidden", "Your role does not allow this operation.", request, null);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, HttpServerRequest request) {
        return answer(400, "malformed-body", "Malformed request body", describe(e), request, fieldErrorsOf(e));
    }

    // The JSON provider maps these two itself; naming them here makes ours the more specific mapper.
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
        return unreadable(e, request);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        return unreadable(e, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jsonFailure) {
            return unreadable(jsonFailure, request);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 404 && cause != null && !(e.getCause() instanceof WebApplicationException)) {
            // A path, query or header value that cannot be converted to its parameter type.
            return answer(400, "bad-parameter", "Bad Request",
                    "A parameter of the request has the wrong type or format.", request, null);
        }
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "Error" : statusType.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request could not be understood.";
            case 404 -> "No resource at " + request.path() + ".";
            case 405 -> "Method " + request.method() + " is not allowed on " + request.path() + ".";
            case 406 -> "None of the accepted media types can be produced.";
            case 415 -> "Content type " + request.getHeader(HttpHeaders.CONTENT_TYPE) + " is not supported here; send application/json.";
            default -> status >= 500 ? "The service could not answer this request." : title + ".";
        };
        if (status >= 500) {
            return internal(e, request);
        }
        Response.ResponseBuilder builder = builder(status, slugOf(status), title, detail, request, null);
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, HttpServerRequest request) {
        if (Causes.any(e, HttpClosedException.class::isInstance)) {
            // The client closed the connection before its body arrived: nobody is left to answer.
            LOG.debugf("%s %s: the client closed the connection before sending its body", request.method(), request.path());
            return answer(400, "request-aborted", "Bad Request", "The request body did not arrive.", request, null);
        }
        if (DatabaseFailures.outage(e)) {
            return unavailable(e, request);
        }
        if (DatabaseFailures.lockWaitTimedOut(e)) {
            return problem(ProblemException.busy("The request waited too long for other work on the same records and "
                    + "changed nothing; send it again shortly.", OUTAGE_RETRY_AFTER_SECONDS), request);
        }
        if (DatabaseFailures.uniqueKeyTaken(e)) {
            return answer(409, "conflict", "Conflict",
                    "Another request created the same resource at the same moment; read it, or send yours again.", request, null);
        }
        if (DatabaseFailures.unstorableText(e)) {
            return answer(400, "bad-parameter", "Bad Request",
                    "A parameter of the request contains a character that is not allowed (a control character).", request, null);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure answering %s %s (reference %s)", request.method(), request.path(), reference);
        return answer(500, "internal", "Internal error",
                "The service could not answer this request. Reference: " + reference, request, null);
    }

    /** The database is away: the request may be sent again, unchanged, once it is back. */
    private Response unavailable(Throwable e, HttpServerRequest request) {
        long now = System.nanoTime();
        long last = lastOutageLog.get();
        if (now - last > OUTAGE_LOG_EVERY.toNanos() && lastOutageLog.compareAndSet(last, now)) {
            LOG.warnf("The database is unreachable (%s); requests that need it answer 503 until it is back", e.getMessage());
        }
        outages.increment();
        return builder(503, "database-unavailable", "Service unavailable",
                "The database is not reachable at the moment; send the same request again shortly "
                        + "(its entryId or Idempotency-Key makes the retry safe).",
                request, null)
                .header(HttpHeaders.RETRY_AFTER, OUTAGE_RETRY_AFTER_SECONDS)
                .build();
    }

    private Response unauthorized(HttpServerRequest request, String detail) {
        return builder(401, "unauthorized", "Unauthorized", detail, request, null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private Response answer(int status, String slug, String title, String detail, HttpServerRequest request,
                            List<Problem.FieldError> errors) {
        return builder(status, slug, title, detail, request, errors).build();
    }

    private Response.ResponseBuilder builder(int status, String slug, String title, String detail,
                                             HttpServerRequest request, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(renderer.render(status, slug, title, detail, request.path(), errors));
    }

    private static String slugOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    /** The client's field path: bean properties after the method parameter, or the parameter's own name. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                names.clear();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // A node inside a list carries the index of the list, which is the previous node.
                if (node.isInIterable() && node.getIndex() != null && !names.isEmpty()) {
                    names.set(names.size() - 1, names.get(names.size() - 1) + "[" + node.getIndex() + "]");
                }
                String name = node.getName();
                if (name != null && !name.startsWith("<")) {
                    names.add(name);
                }
            }
        }
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return parameter == null ? "body" : parameter;
    }

    private static List<Problem.FieldError> fieldErrorsOf(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return null;
        }
        String field = pathOf(mapping);
        String message;
        if (e.getCause() instanceof StreamConstraintsException) {
            message = "is longer than " + JsonLimits.MAX_STRING_LENGTH + " characters or nested too deeply";
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
            message = JsonLimits.CONTROL_CHARACTER;
        } else if (e instanceof UnrecognizedPropertyException) {
            message = "unknown field";
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            message = "must be one of " + java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        } else {
            message = "has the wrong type or format";
        }
        return List.of(new Problem.FieldError(field, message));
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return "The body is nested more than " + JsonLimits.MAX_DEPTH + " levels deep or holds a string longer than "
                    + JsonLimits.MAX_STRING_LENGTH + " characters.";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "Field '" + pathOf(mapping) + "' has the wrong type or format.";
        }
        if (e instanceof MismatchedInputException) {
            return "The body is not a JSON object of the expected shape.";
        }
        return "The body is not valid JSON.";
    }
}
