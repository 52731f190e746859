package com.agentplatform.worker.tool;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;

/** Whose run a tool call belongs to; a tool acts for this tenant only. */
public record ToolContext(TenantId tenant, ExecutionId execution) {
}
