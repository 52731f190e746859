package com.agentplatform.gateway.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every request body shows an example. A body record carries its example next to its fields
 * ({@code @Schema(example = ...)}); a handler may give several of its own instead, which win. Tools such as Swagger UI
 * and generators read a request's example from the request, not from the schema it refers to, so it is copied there.
 */
@Component
class RequestExamples implements OpenApiCustomizer {

    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                return;
            }
            operation.getRequestBody().getContent().values().forEach(media -> {
                if (media.getExample() == null && (media.getExamples() == null || media.getExamples().isEmpty())) {
                    media.setExample(exampleOf(media, schemas));
                }
            });
        }));
    }

    @SuppressWarnings("rawtypes")
    private static Object exampleOf(MediaType media, Map<String, Schema> schemas) {
        Schema<?> schema = media.getSchema();
        if (schema == null) {
            return null;
        }
        if (schema.get$ref() != null && schema.get$ref().startsWith(SCHEMAS) && schemas != null) {
            Schema<?> named = schemas.get(schema.get$ref().substring(SCHEMAS.length()));
            return named == null ? null : named.getExample();
        }
        return schema.getExample();
    }
}
