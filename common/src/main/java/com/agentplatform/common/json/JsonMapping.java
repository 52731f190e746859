package com.agentplatform.common.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON shape of the platform: snake_case fields, ISO-8601 timestamps. */
public final class JsonMapping {

    private static final JsonMapper MESSAGES = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Messages are versioned: a newer producer may add fields an older consumer does not know.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonMapping() {
    }

    /** The mapper for Kafka payloads and stored JSON; tolerant of unknown fields. */
    public static JsonMapper messages() {
        return MESSAGES;
    }
}
