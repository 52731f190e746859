package com.agentplatform.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Free JSON (a step's input and output, a tool's arguments) is described as what it is: any JSON value. Left alone,
 * the document would publish Jackson's node class with its getters ({@code empty}, {@code array}, {@code nodeType}…)
 * as if they were fields, and a generated client's model would clash with Jackson's own class.
 */
@Component
class AnyJsonValues implements OpenApiCustomizer {

    static final String DESCRIPTION = "Any JSON value: an object, array, string, number, boolean or null";

    static {
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema().description(DESCRIPTION));
    }

    /** The resolver still stamps {@code type: object} on the replacement; a value of any type has no type. */
    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI api) {
        api.getComponents().getSchemas().values().forEach(schema -> {
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(property -> untype((Schema) property));
            }
        });
    }

    private static void untype(Schema<?> property) {
        if (DESCRIPTION.equals(property.getDescription())) {
            property.setType(null);
            property.setTypes(null);
        }
    }
}
