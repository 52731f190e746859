package com.agentplatform.worker.tool;

import java.util.List;

/** Turns a tenant's tool definition into callable tools (an MCP server offers several). */
public interface TenantToolFactory {

    Built build(TenantToolSource.TenantToolDefinition definition);

    /** The tools, and what must be closed when the run ends. */
    record Built(List<AgentTool> tools, List<AutoCloseable> resources) {
    }
}
