package cn.chengyu.pass.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a route's draft as the JSON document it is edited as. */
@Converter
public class RouteContentJson implements AttributeConverter<RouteContent, String> {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
