package com.agentplatform.gateway.workflow;

import com.agentplatform.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

record WorkflowView(UUID id, String name, String description, Map<String, Object> inputSchema, List<WorkflowStep> steps,
        Instant createdAt, Instant updatedAt) {
}
