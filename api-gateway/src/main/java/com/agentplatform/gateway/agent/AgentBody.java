package com.agentplatform.gateway.agent;

import java.util.List;

/** An agent's fields, as a client sends them: to {@code /v1/agents}, or inline in a submit. */
public record AgentBody(
        String name,
        String description,
        String instructions,
        String model,
        List<String> tools,
        Integer maxSteps,
        Integer timeoutSeconds,
        Long maxTokens,
        Integer historyTokens) {
}
