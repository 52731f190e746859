package com.agentplatform.worker.tool;

/** Builds the SSRF-safe http tools. */
public interface UrlGuard {

    /** A tenant {@code http} tool, calling only addresses the tools' address policy allows. */
    AgentTool httpTool(TenantToolSource.TenantToolDefinition definition);
}
