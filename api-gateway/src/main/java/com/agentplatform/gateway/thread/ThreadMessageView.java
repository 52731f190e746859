package com.agentplatform.gateway.thread;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One message of a thread: {@code tool_calls} only on an assistant reply that called tools, {@code tool_call_id} on a tool result. */
@Schema(example = """
        {"seq": 4, "role": "assistant",
         "tool_calls": [{"id": "call_3", "name": "calculator", "arguments": "{\\"expression\\":\\"6 * 7\\"}"}],
         "execution_id": "01a23bd1-9b76-74af-b50e-6fe24d1808f6", "created_at": "2026-12-03T12:01:00Z"}""")
record ThreadMessageView(long seq, String role, String content, JsonNode toolCalls, String toolCallId, UUID executionId,
        Instant createdAt) {
}
