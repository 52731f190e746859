package com.agentplatform.common.execution;

import java.time.Instant;
import java.util.Map;

/**
 * A completed LLM or tool call of a running attempt, to record as step {@code seq} with its {@code step} event.
 *
 * @param kind         {@code llm} or {@code tool}
 * @param name         the model or the tool
 * @param inputTokens  tokens of this call alone (zero for tools)
 */
public record StepWrite(ExecutionTransitions.Attempt attempt, int seq, String kind, String name, Map<String, Object> input,
        Map<String, Object> output, Instant startedAt, long durationMs, long inputTokens, long outputTokens) {

    public boolean isLlm() {
        return "llm".equals(kind);
    }
}
