package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.agent.AgentBody;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/threads/{id}/executions}: the body of {@code POST /v1/executions}, plus what the run does while
 * another run of the thread is unfinished ({@code multitask_strategy}, {@code enqueue} when absent).
 */
@Schema(example = """
        {"agent": {"name": "assistant", "history_tokens": 8000}, "input": "What did I say first?", "multitask_strategy": "enqueue"}""")
record ThreadRunRequest(
        UUID agentId,
        AgentBody agent,
        String input,
        String model,
        List<String> tools,
        Map<String, Object> metadata,
        String multitaskStrategy) {

    SubmitExecutionRequest asSubmit() {
        return new SubmitExecutionRequest(agentId, agent, input, model, tools, metadata);
    }
}
