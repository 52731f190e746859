package com.agentplatform.worker.tool;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where a tenant's own tools (registered through the API) come from. */
public interface TenantToolSource {

    /** The tenant's tool definitions of these names; names it does not have are absent. */
    List<TenantToolDefinition> find(ToolContext context, Collection<String> names);

    TenantToolSource NONE = (context, names) -> List.of();

    /** A tool as the tenant registered it: {@code kind} is {@code http} or {@code mcp}. */
    record TenantToolDefinition(String name, String description, String kind, Map<String, Object> config) {
    }
}
