package com.agentplatform.gateway.openapi;

import com.agentplatform.gateway.web.SnakeCase;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Property names as they are on the wire. The gateway writes JSON in snake_case (Jackson's naming strategy), but the
 * document's schemas are read from the records' camelCase components: a client generated from them would send
 * {@code agentId} and never see {@code agent_id}.
 */
@Component
class SnakeCaseProperties implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(SnakeCaseProperties::rename);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void rename(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            properties.forEach((name, property) -> {
                renamed.put(SnakeCase.of(name), property);
                rename(property);
            });
            schema.setProperties(renamed);
        }
        List<String> required = schema.getRequired();
        if (required != null) {
            schema.setRequired(required.stream().map(SnakeCase::of).toList());
        }
        rename(schema.getItems());
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            rename(values);
        }
    }
}
