package com.agentplatform.gateway.execution;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One recorded LLM or tool call of an execution. {@code input_tokens} and {@code output_tokens} are what the model call
 * used (as its provider reported, or estimated for the offline models); a tool call uses none.
 */
record StepView(int seq, String kind, String name, JsonNode input, JsonNode output, Instant startedAt, long durationMs,
        long inputTokens, long outputTokens) {
}
