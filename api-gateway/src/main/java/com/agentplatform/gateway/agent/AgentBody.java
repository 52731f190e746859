package com.agentplatform.gateway.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * An agent's fields, as a client sends them: to {@code /v1/agents}, or inline in a submit. {@code require_approval}
 * names tools whose calls wait for a person's decision ({@code "*"}: all); {@code approval_timeout_seconds} bounds that
 * wait. {@code agents} are ids of the tenant's stored agents the model may call as tools (each call a child execution).
 */
@Schema(example = """
        {"name": "support", "description": "Answers customer questions", "instructions": "Be brief and friendly.",
         "model": "offline:deterministic", "tools": ["calculator"], "max_steps": 10, "timeout_seconds": 120}""")
public record AgentBody(
        String name,
        String description,
        String instructions,
        String model,
        List<String> tools,
        Integer maxSteps,
        Integer timeoutSeconds,
        Long maxTokens,
        List<String> requireApproval,
        Integer approvalTimeoutSeconds,
        Integer historyTokens,
        List<String> agents) {

    /** The fields of an agent that calls no other agent. */
    public AgentBody(String name, String description, String instructions, String model, List<String> tools,
            Integer maxSteps, Integer timeoutSeconds, Long maxTokens, List<String> requireApproval,
            Integer approvalTimeoutSeconds, Integer historyTokens) {
        this(name, description, instructions, model, tools, maxSteps, timeoutSeconds, maxTokens, requireApproval,
                approvalTimeoutSeconds, historyTokens, null);
    }

    /** The fields of an agent without approval or history settings. */
    public AgentBody(String name, String description, String instructions, String model, List<String> tools,
            Integer maxSteps, Integer timeoutSeconds, Long maxTokens) {
        this(name, description, instructions, model, tools, maxSteps, timeoutSeconds, maxTokens, null, null, null, null);
    }
}
