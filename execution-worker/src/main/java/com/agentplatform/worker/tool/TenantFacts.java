package com.agentplatform.worker.tool;

import java.util.Map;

/** What the {@code tenant_info} tool may tell the model about the tenant it runs for. */
public interface TenantFacts {

    Map<String, Object> describe(ToolContext context);
}
