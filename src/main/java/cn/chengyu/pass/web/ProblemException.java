package cn.chengyu.pass.web;

import java.util.List;

/** A failure that the client caused or can act on, answered as a problem with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Long retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        this(status, slug, title, detail, errors, null);
    }

    private ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
                             Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429: the caller is over a limit and may try again after the given seconds. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, "too-many-requests", "Too many requests", detail, null, retryAfterSeconds);
    }

    /**
     * A 503: the request waited too long behind other work on the same records and changed nothing;
     * it may be sent again after the given seconds.
     */
    public static ProblemException busy(String detail, long retryAfterSeconds) {
        return new ProblemException(503, "busy", "Service unavailable", detail, null, retryAfterSeconds);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "validation", "Invalid request", "The request has invalid fields.",
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Seconds for the {@code Retry-After} header, or null when there is none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
