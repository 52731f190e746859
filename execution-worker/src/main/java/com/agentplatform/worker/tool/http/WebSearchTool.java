package com.agentplatform.worker.tool.http;

import com.agentplatform.common.tool.BuiltInTool;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * {@code web_search}: asks a pluggable search backend over HTTP ({@code WEB_SEARCH_URL}, a URL with a {@code {query}}
 * placeholder) and hands its answer to the model. Exists only when a backend is configured; the backend is reached
 * through the same SSRF-safe client as every tool.
 */
@Component
@ConditionalOnExpression("!'${platform.worker.tools.web-search-url:}'.isBlank()")
class WebSearchTool implements AgentTool {

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(BuiltInTool.WEB_SEARCH.toolName())
            .description(BuiltInTool.WEB_SEARCH.description())
            .parameters(JsonObjectSchema.builder().addStringProperty("query", "what to search for").required("query").build())
            .build();

    private final HttpToolCall calls;
    private final HttpToolConfig backend;

    WebSearchTool(WorkerSettings settings, HttpToolCall calls) {
        this.calls = calls;
        this.backend = new HttpToolConfig(settings.tools().webSearchUrl(), "GET", Map.of("Accept", "application/json"), null);
    }

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(String argumentsJson) {
        return calls.call(backend, argumentsJson);
    }
}
