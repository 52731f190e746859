package com.agentplatform.gateway.workflow;

import com.agentplatform.common.workflow.WorkflowStep;
import java.util.List;
import java.util.Map;

/** A workflow as a client writes it ({@code POST} and {@code PUT /v1/workflows}). */
record WorkflowBody(String name, String description, Map<String, Object> inputSchema, List<WorkflowStep> steps) {
}
