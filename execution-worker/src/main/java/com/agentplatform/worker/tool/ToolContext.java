package com.agentplatform.worker.tool;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;

/**
 * Whose run a tool call belongs to; a tool acts for this tenant only.
 *
 * @param callId the model's id of the call being made, or null outside a call (resolving tools)
 */
public record ToolContext(TenantId tenant, ExecutionId execution, String callId) {

    public ToolContext(TenantId tenant, ExecutionId execution) {
        this(tenant, execution, null);
    }

    /** The same run, for one call of a tool. */
    public ToolContext forCall(String id) {
        return new ToolContext(tenant, execution, id);
    }

    /**
     * {@code <execution_id>:<call_id>}: the same for every attempt that makes this call, so an endpoint that honours
     * {@code Idempotency-Key} can tell a repeat from a new request. Null outside an execution's call.
     */
    public String idempotencyKey() {
        return execution == null || callId == null ? null : execution + ":" + callId;
    }
}
