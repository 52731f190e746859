package com.agentplatform.gateway.execution;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * An execution as the public API shows it; {@code threadId} is null for a run on no thread. {@code pending_approval}
 * ({@code {call_id, tool, arguments, requested_at, expires_at}}) is set while it is {@code waiting} for a person's
 * decision on a tool call, null otherwise. {@code parent_id} is the execution that started this one as a tool (an agent
 * called as a tool), {@code workflow_run_id} the workflow run whose step it is; both are null for a top-level run.
 */
public record ExecutionView(
        UUID id,
        UUID agentId,
        UUID threadId,
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
        Links links,
        Map<String, Object> pendingApproval,
        UUID parentId,
        UUID workflowRunId) {

    /** A just-accepted execution, as a read of its row would show it (no need to read it back). */
    static ExecutionView queued(UUID id, UUID agentId, String input, String model, int maxAttempts,
            Map<String, Object> metadata, Instant createdAt) {
        return queued(id, agentId, null, input, model, maxAttempts, metadata, createdAt);
    }

    static ExecutionView queued(UUID id, UUID agentId, UUID threadId, String input, String model, int maxAttempts,
            Map<String, Object> metadata, Instant createdAt) {
        return new ExecutionView(id, agentId, threadId, "queued", input, model, null, null, 0, maxAttempts,
                new Usage(0, 0, 0, 0), metadata, createdAt, null, null, Links.of(id), null, null, null);
    }

    /** Named for what it is: a bare {@code Error} would shadow {@code java.lang.Error} in generated clients. */
    @Schema(name = "ExecutionError")
    public record Error(String code, String message) {
    }

    /**
     * What the execution used itself; {@code children} is what the agents it called as tools used (theirs included),
     * counted apart, and absent for an execution that called none.
     */
    public record Usage(long inputTokens, long outputTokens, int llmCalls, int toolCalls,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> children) {

        public Usage(long inputTokens, long outputTokens, int llmCalls, int toolCalls) {
            this(inputTokens, outputTokens, llmCalls, toolCalls, null);
        }
    }

    public record Links(String self, String events) {

        static Links of(UUID id) {
            return new Links("/v1/executions/" + id, "/v1/executions/" + id + "/events");
        }
    }
}
