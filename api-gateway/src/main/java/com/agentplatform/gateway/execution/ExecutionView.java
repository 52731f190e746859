package com.agentplatform.gateway.execution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An execution as the public API shows it. */
public record ExecutionView(
        UUID id,
        UUID agentId,
        String status,
        String input,
        String model,
        String result,
        Error error,
        int attempt,
        int maxAttempts,
        Usage usage,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Links links) {

    public record Error(String code, String message) {
    }

    public record Usage(long inputTokens, long outputTokens, int llmCalls, int toolCalls) {
    }

    public record Links(String self, String events) {

        static Links of(UUID id) {
            return new Links("/v1/executions/" + id, "/v1/executions/" + id + "/events");
        }
    }
}
