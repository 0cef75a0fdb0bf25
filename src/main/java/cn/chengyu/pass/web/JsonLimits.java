package cn.chengyu.pass.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Bounds on what a request body may contain, well inside the body size limit: no request of this
 * API nests deeper than a handful of levels or carries a string longer than a route description.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 100_000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
    }
}
