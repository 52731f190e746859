package com.agentplatform.gateway.agent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored agent, with every default filled in. */
public record AgentView(
        UUID id,
        String name,
        String description,
        String instructions,
        String model,
        List<String> tools,
        int maxSteps,
        int timeoutSeconds,
        long maxTokens,
        int historyTokens,
        Instant createdAt,
        Instant updatedAt,
        List<String> requireApproval,
        int approvalTimeoutSeconds,
        List<UUID> agents) {
}
