package cn.chengyu.pass.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Immutable;

/**
 * Stores a route's draft as the JSON document it is edited as. A draft is replaced, never changed
 * in place (RouteContent is a record), so Hibernate need not copy it to check it for changes; a
 * stored field the record no longer has fails loudly rather than reading as null.
 */
@Converter
@Immutable
public class RouteContentJson implements AttributeConverter<RouteContent, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(RouteContent content) {
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A draft could not be written", e);
        }
    }

    @Override
    public RouteContent convertToEntityAttribute(String json) {
        try {
            return JSON.readValue(json, RouteContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored draft could not be read", e);
        }
    }
}
