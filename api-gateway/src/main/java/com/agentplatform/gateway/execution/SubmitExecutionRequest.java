package com.agentplatform.gateway.execution;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/executions}: exactly one of {@code agent_id} and {@code agent}, and a non-empty {@code input}.
 * {@code model} and {@code tools} override the agent's for this execution only.
 */
record SubmitExecutionRequest(
        UUID agentId,
        InlineAgent agent,
        String input,
        String model,
        List<String> tools,
        Map<String, Object> metadata) {

    /** An agent defined in the request itself, with the fields of a stored agent. */
    record InlineAgent(
            String name,
            String description,
            String instructions,
            String model,
            List<String> tools,
            Integer maxSteps,
            Integer timeoutSeconds,
            Long maxTokens) {
    }
}
