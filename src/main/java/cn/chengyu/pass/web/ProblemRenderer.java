package cn.chengyu.pass.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Writes problem+json bodies, for the exception mapper and for answers stored for replay. */
@ApplicationScoped
public class ProblemRenderer {

    private static final String TYPE_PREFIX = "urn:chengyu-pass:problem:";

    private final ObjectMapper json;

    public ProblemRenderer(ObjectMapper json) {
        this.json = json;
    }

    public String render(ProblemException e, String path) {
        return render(e.status(), e.slug(), e.title(), e.getMessage(), path, e.errors());
    }

    public String render(int status, String slug, String title, String detail, String path, List<Problem.FieldError> errors) {
        Problem problem = new Problem(TYPE_PREFIX + slug, title, status, detail, path,
                errors == null || errors.isEmpty() ? null : errors);
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem could not be written", e);
        }
    }
}
