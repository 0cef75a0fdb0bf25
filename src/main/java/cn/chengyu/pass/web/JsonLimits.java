package cn.chengyu.pass.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Bounds on what a request body may contain, well inside the body size limit: no request of this
 * API nests deeper than a handful of levels or carries a string longer than a route description,
 * and no text holds control characters (PostgreSQL cannot store NUL; the rest are never meant). A
 * key given twice in one object is refused (400): which value was meant is anyone's guess, and a
 * record's field given twice reached Jackson's creator twice (a 500 the fuzz test found).
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 100_000;
    static final String CONTROL_CHARACTER = "contains a control character";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("chengyu-text").addDeserializer(String.class, new TextDeserializer()));
    }

    /** Strings as Jackson reads them, refusing control characters other than tab and line breaks. */
    static final class TextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                        throw context.weirdStringException(text, String.class, CONTROL_CHARACTER);
                    }
                }
            }
            return text;
        }
    }
}
