package com.agentplatform.worker.tool;

import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.tool.http.SafeHttpClient;
import com.agentplatform.worker.tool.mcp.McpServerTools;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes a tenant's registered tools callable: an {@code mcp} server's tools, or an {@code http} endpoint. Both reach
 * their server only through {@link SafeHttpClient}, which checks the address of every request.
 */
@Component
class DefaultTenantToolFactory implements TenantToolFactory {

    private final WorkerSettings.Tools settings;
    private final UrlGuard guard;
    private final SafeHttpClient http;

    DefaultTenantToolFactory(WorkerSettings settings, UrlGuard guard, SafeHttpClient http) {
        this.settings = settings.tools();
        this.guard = guard;
        this.http = http;
    }

    @Override
    public Built build(TenantToolSource.TenantToolDefinition definition) {
        return switch (definition.kind()) {
            case "mcp" -> {
                String url = String.valueOf(definition.config().get("url"));
                McpServerTools server = McpServerTools.open(definition.name(), url, settings.mcpTimeout(), http);
                yield new Built(server.tools(), List.of(server));
            }
            case "http" -> new Built(List.of(guard.httpTool(definition)), List.of());
            default -> throw new ToolUnavailableException("tool '" + definition.name() + "' has unknown kind " + definition.kind(), null);
        };
    }
}
