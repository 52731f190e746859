package com.agentplatform.gateway.tool;

import java.time.Instant;
import java.util.Map;

/**
 * A tool as tenants see it. {@code kind} is {@code builtin}, {@code http} or {@code mcp}; {@code parameters} is the
 * JSON schema of its arguments (an MCP server's tools are discovered when an agent runs, so it is empty there).
 * {@code config} and the timestamps are absent for built-in tools.
 */
public record ToolView(
        String name,
        String description,
        String kind,
        Map<String, Object> parameters,
        Map<String, Object> config,
        Instant createdAt,
        Instant updatedAt) {
}
