package com.agentplatform.worker.tool;

/** Decides which URLs tools may reach, and builds the SSRF-safe http tools. */
public interface UrlGuard {

    /** Throws {@link ToolUnavailableException} when the URL's host is not one tools may reach. */
    void check(String url);

    /** A tenant {@code http} tool, calling only addresses {@link #check} allows. */
    AgentTool httpTool(TenantToolSource.TenantToolDefinition definition);
}
