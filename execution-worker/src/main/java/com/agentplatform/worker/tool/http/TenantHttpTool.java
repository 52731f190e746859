package com.agentplatform.worker.tool.http;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Map;

/**
 * A tenant's registered {@code http} tool: its declared URL template, method and parameters, called SSRF-safely. A
 * GET is a read; any other method may write, so its calls are recorded as intents before they are sent and carry an
 * idempotency key.
 */
final class TenantHttpTool implements AgentTool {

    private final ToolSpecification specification;
    private final HttpToolConfig config;
    private final HttpToolCall calls;

    TenantHttpTool(TenantToolSource.TenantToolDefinition definition, HttpToolConfig config, HttpToolCall calls) {
        this.specification = ToolSpecification.builder()
                .name(definition.name())
                .description(definition.description())
                .parameters(schemaOf(definition.config().get("parameters")))
                .build();
        this.config = config;
        this.calls = calls;
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public String execute(String argumentsJson) {
        return calls.call(config, argumentsJson);
    }

    /** A call that may write carries {@code Idempotency-Key: <execution_id>:<call_id>}, the same on any attempt. */
    @Override
    public String execute(ToolContext context, String argumentsJson) {
        return calls.call(config, argumentsJson, hasSideEffects() ? context.idempotencyKey() : null);
    }

    /** Anything but a GET may change something at the endpoint. */
    @Override
    public boolean hasSideEffects() {
        return !config.method().equals("GET");
    }

    /** The declared JSON schema's top-level properties, in langchain4j's terms. */
    private static JsonObjectSchema schemaOf(Object declared) {
        JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
        if (!(declared instanceof Map<?, ?> map) || !(map.get("properties") instanceof Map<?, ?> properties)) {
            return schema.build();
        }
        properties.forEach((name, property) -> {
            Map<?, ?> spec = property instanceof Map<?, ?> p ? p : Map.of();
            String description = spec.get("description") == null ? null : spec.get("description").toString();
            switch (String.valueOf(spec.get("type"))) {
                case "integer" -> schema.addIntegerProperty(name.toString(), description);
                case "number" -> schema.addNumberProperty(name.toString(), description);
                case "boolean" -> schema.addBooleanProperty(name.toString(), description);
                default -> schema.addStringProperty(name.toString(), description);
            }
        });
        if (map.get("required") instanceof List<?> required) {
            schema.required(required.stream().map(String::valueOf).toList());
        }
        return schema.build();
    }
}
