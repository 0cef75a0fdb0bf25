package cn.chengyu.pass.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the generated document say what the API does, in the form client generators expect. The
 * roles allowed on an operation are not bearer scopes (an HTTP bearer scheme has none): this filter
 * reads each operation's {@code @RolesAllowed} (on its method, else its class) from the index and
 * writes them as an {@value #ROLES} list and a sentence of the description. And every operation answers any status it does
 * not list with a problem (400 for a malformed request, 401, 403, 413, 415, 503 …), said once as
 * its default response; every 4xx and 5xx response an operation lists is a problem too, so resources
 * name only the status and what it means (the annotation here registers the problem schema; title,
 * version and description are configured, {@code quarkus.smallrye-openapi.info-*}). Nullable
 * references are written in place (see inlineNullableReferences).
 */
@OpenAPIDefinition(info = @Info(title = "Chengyu Pass API", version = "1.0.0"),
        components = @Components(schemas = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                name = "Problem", implementation = Problem.class)))
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    /** The extension naming the roles (the token's groups) allowed on an operation. */
    public static final String ROLES = "x-roles";
    private static final DotName OPERATION = DotName.createSimple(org.eclipse.microprofile.openapi.annotations.Operation.class);
    private static final DotName ROLES_ALLOWED = DotName.createSimple(RolesAllowed.class);

    private static final String RETRY_AFTER = "Retry-After";

    /** The roles allowed on each operation, by operationId. */
    private final Map<String, List<String>> rolesByOperation = new HashMap<>();

    public OpenApiContract(IndexView index) {
        for (AnnotationInstance operation : index.getAnnotations(OPERATION)) {
            AnnotationValue id = operation.value("operationId");
            if (id == null || operation.target().kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = operation.target().asMethod();
            AnnotationInstance allowed = method.hasDeclaredAnnotation(ROLES_ALLOWED)
                    ? method.declaredAnnotation(ROLES_ALLOWED) : method.declaringClass().declaredAnnotation(ROLES_ALLOWED);
            if (allowed != null) {
                rolesByOperation.put(id.asString(), List.of(allowed.value().asStringArray()));
            }
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> components = openAPI.getComponents().getSchemas();
            components.values().forEach(schema -> inlineNullableReferences(schema, components));
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        List<Operation> operations = new ArrayList<>();
        openAPI.getPaths().getPathItems().values().forEach(path -> operations.addAll(path.getOperations().values()));
        operations.forEach(operation -> {
            describeRoles(operation, rolesByOperation.get(operation.getOperationId()));
            referToEnumsOnly(operation);
            if (operation.getResponses() != null) {
                // 401 and 403 come from the security layer with a description only; they are problems too.
                operation.getResponses().getAPIResponses().forEach((status, response) -> {
                    if (status.matches("[45]\\d\\d") && response.getContent() == null) {
                        response.setContent(problem());
                    }
                    if (status.equals("429") || status.equals("503")) {
                        response.addHeader(RETRY_AFTER, retryAfter(true));
                    }
                });
                if (operation.getResponses().getDefaultValue() == null) {
                    operation.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                            .description("Any other status: a problem (RFC 9457) saying what went wrong")
                            .content(problem())
                            .addHeader(RETRY_AFTER, retryAfter(false)));
                }
            }
        });
        removeUnusedSchemas(openAPI, operations);
    }

    /** Every 429 and 503 problem says when to send the request again (ProblemException's factories require it). */
    private static Header retryAfter(boolean always) {
        return OASFactory.createHeader().required(always)
                .description(always ? "Seconds to wait before sending the request again"
                        : "With a 429 or a 503: seconds to wait before sending the request again")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).minimum(BigDecimal.ONE));
    }

    /**
     * Drops the component schemas no operation reaches: those written in place above, and any other
     * the code declares but the API never sends. (SmallRye's own removal would run before the
     * problem references are added and take the problem schema with it.)
     */
    private static void removeUnusedSchemas(OpenAPI openAPI, List<Operation> operations) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> components = openAPI.getComponents().getSchemas();
        Deque<Schema> pending = new LinkedList<>();
        for (Operation operation : operations) {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> pending.add(parameter.getSchema()));
            }
            if (operation.getRequestBody() != null) {
                schemasOf(operation.getRequestBody().getContent(), pending);
            }
            if (operation.getResponses() != null) {
                operation.getResponses().getAPIResponses().values().forEach(response -> schemasOf(response.getContent(), pending));
                if (operation.getResponses().getDefaultValue() != null) {
                    schemasOf(operation.getResponses().getDefaultValue().getContent(), pending);
                }
            }
        }
        Set<String> used = new HashSet<>();
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            if (schema == null) {
                continue;
            }
            if (schema.getRef() != null) {
                String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
                if (used.add(name) && components.containsKey(name)) {
                    pending.add(components.get(name));
                }
            }
            if (schema.getProperties() != null) {
                pending.addAll(schema.getProperties().values());
            }
            for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (parts != null) {
                    pending.addAll(parts);
                }
            }
            pending.add(schema.getItems());
            pending.add(schema.getNot());
            pending.add(schema.getAdditionalPropertiesSchema());
        }
        new ArrayList<>(components.keySet()).stream().filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    private static void schemasOf(Content content, Deque<Schema> pending) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(mediaType -> pending.add(mediaType.getSchema()));
        }
    }

    /**
     * A field that may be null and names another schema is written {@code anyOf: [{$ref}, null]},
     * which OpenAPI 3.0 can only say as {@code nullable} beside an {@code allOf} of the reference;
     * validators read that as "null must match the referenced schema" and refuse every null the API
     * sends. Such a field gets the referenced schema written in place, null allowed.
     */
    private static void inlineNullableReferences(Schema schema, Map<String, Schema> components) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Schema property : schema.getProperties().values()) {
            List<Schema> options = property.getAnyOf();
            if (options == null || options.size() != 2 || options.get(0).getRef() == null
                    || options.get(1).getType() == null || !options.get(1).getType().contains(Schema.SchemaType.NULL)) {
                continue;
            }
            Schema target = components.get(options.get(0).getRef().substring(options.get(0).getRef().lastIndexOf('/') + 1));
            if (target == null) {
                continue;
            }
            String description = property.getDescription();
            property.setAll(new LinkedHashMap<>(target.getAll()));
            property.setDescription(description);
            List<Schema.SchemaType> types = new ArrayList<>(target.getType() == null ? List.of() : target.getType());
            types.add(Schema.SchemaType.NULL);
            property.setType(types);
            if (target.getEnumeration() != null) {
                List<Object> values = new ArrayList<>(target.getEnumeration());
                values.add(null);
                property.setEnumeration(values);
            }
        }
    }

    /**
     * A query parameter that is an enum checked with {@code @Pattern} comes out as an {@code allOf} of
     * the enum and the pattern, in an order that changes from build to build; the enum alone says it.
     */
    private static void referToEnumsOnly(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (var parameter : operation.getParameters()) {
            Schema schema = parameter.getSchema();
            if (schema == null || schema.getAllOf() == null) {
                continue;
            }
            schema.getAllOf().stream().filter(part -> part.getRef() != null).findFirst().ifPresent(reference -> {
                schema.setAllOf(null);
                schema.setRef(reference.getRef());
            });
        }
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem")));
    }

    private static void describeRoles(Operation operation, List<String> roles) {
        if (roles == null) {
            return;
        }
        operation.addExtension(ROLES, roles);
        String description = operation.getDescription() == null ? "" : operation.getDescription() + " ";
        operation.setDescription(description + "Roles (the token's groups claim): " + String.join(", ", roles) + ".");
    }
}
