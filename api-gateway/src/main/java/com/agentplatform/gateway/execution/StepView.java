package com.agentplatform.gateway.execution;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One recorded LLM or tool call of an execution. */
record StepView(int seq, String kind, String name, JsonNode input, JsonNode output, Instant startedAt, long durationMs) {
}
