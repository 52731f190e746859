package com.agentplatform.gateway.thread;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One message of a thread: {@code tool_calls} only on an assistant reply that called tools, {@code tool_call_id} on a tool result. */
record ThreadMessageView(long seq, String role, String content, JsonNode toolCalls, String toolCallId, UUID executionId,
        Instant createdAt) {
}
