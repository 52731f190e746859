package com.agentplatform.worker.tool.http;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.UrlGuard;
import org.springframework.stereotype.Component;

/**
 * The address policy applied to every tenant tool: http tools call through {@link SafeHttpClient}, checked and pinned
 * on every request and redirect (and so do MCP servers, through the same client).
 */
@Component
class SsrfUrlGuard implements UrlGuard {

    private final HttpToolCall calls;

    SsrfUrlGuard(HttpToolCall calls) {
        this.calls = calls;
    }

    @Override
    public AgentTool httpTool(TenantToolSource.TenantToolDefinition definition) {
        return new TenantHttpTool(definition, HttpToolConfig.fromStored(definition.config()), calls);
    }
}
