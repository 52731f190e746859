package com.agentplatform.gateway.workflow;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored workflow. */
record Workflow(UUID id, TenantId tenant, String name, String description, Map<String, Object> inputSchema,
        List<WorkflowStep> steps, Instant createdAt, Instant updatedAt) {

    WorkflowView view() {
        return new WorkflowView(id, name, description, inputSchema, steps, createdAt, updatedAt);
    }
}
