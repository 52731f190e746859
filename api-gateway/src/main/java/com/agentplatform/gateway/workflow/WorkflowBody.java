package com.agentplatform.gateway.workflow;

import com.agentplatform.common.workflow.WorkflowStep;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A workflow as a client writes it ({@code POST} and {@code PUT /v1/workflows}). */
@Schema(example = """
        {"name": "research-then-write", "description": "Research a topic, then write from the notes.",
         "steps": [
           {"id": "research", "type": "agent", "agent": {"name": "researcher"}, "input": "Research: {{input}}"},
           {"id": "write", "type": "agent", "agent": {"name": "writer"},
            "input": "Write a short article from these notes: {{steps.research.result}}"}]}""")
record WorkflowBody(String name, String description, Map<String, Object> inputSchema, List<WorkflowStep> steps) {
}
