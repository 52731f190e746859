package com.agentplatform.worker.tool;

import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.tool.mcp.McpServerTools;
import java.util.List;
import org.springframework.stereotype.Component;

/** Makes a tenant's registered tools callable: an {@code mcp} server's tools, or an {@code http} endpoint. */
@Component
class DefaultTenantToolFactory implements TenantToolFactory {

    private final WorkerSettings.Tools settings;
    private final UrlGuard guard;

    DefaultTenantToolFactory(WorkerSettings settings, UrlGuard guard) {
        this.settings = settings.tools();
        this.guard = guard;
    }

    @Override
    public Built build(TenantToolSource.TenantToolDefinition definition) {
        return switch (definition.kind()) {
            case "mcp" -> {
                String url = String.valueOf(definition.config().get("url"));
                guard.check(url);
                McpServerTools server = McpServerTools.open(definition.name(), url, settings.mcpTimeout());
                yield new Built(server.tools(), List.of(server));
            }
            case "http" -> new Built(List.of(guard.httpTool(definition)), List.of());
            default -> throw new ToolUnavailableException("tool '" + definition.name() + "' has unknown kind " + definition.kind(), null);
        };
    }
}
