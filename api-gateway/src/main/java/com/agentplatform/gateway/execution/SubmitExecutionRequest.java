package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.agent.AgentBody;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/executions}: exactly one of {@code agent_id} and {@code agent}, and a non-empty {@code input}.
 * {@code model} and {@code tools} override the agent's for this execution only. {@code POST /v1/agents/{id}/executions}
 * takes the same body without {@code agent_id} and {@code agent}.
 */
@Schema(example = """
        {"agent": {"name": "math", "tools": ["calculator"]}, "input": "What is 17 * 23 + 4?",
         "metadata": {"customer": "c-42"}}""")
record SubmitExecutionRequest(
        UUID agentId,
        AgentBody agent,
        String input,
        String model,
        List<String> tools,
        Map<String, Object> metadata) {

    SubmitExecutionRequest forAgent(UUID id) {
        return new SubmitExecutionRequest(id, agent, input, model, tools, metadata);
    }
}
