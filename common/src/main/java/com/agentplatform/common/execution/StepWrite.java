package com.agentplatform.common.execution;

import java.time.Instant;
import java.util.Map;

/**
 * A completed LLM or tool call of a running attempt, to record as step {@code seq} with its {@code step} event.
 *
 * @param kind         {@code llm} or {@code tool}
 * @param name         the model or the tool
 * @param inputTokens  tokens of this call alone (zero for tools)
 * @param message      for a run on a thread, the message the step adds to it; null otherwise
 */
public record StepWrite(ExecutionTransitions.Attempt attempt, int seq, String kind, String name, Map<String, Object> input,
        Map<String, Object> output, Instant startedAt, long durationMs, long inputTokens, long outputTokens,
        ThreadMessage message) {

    /** A step of a run on no thread. */
    public StepWrite(ExecutionTransitions.Attempt attempt, int seq, String kind, String name, Map<String, Object> input,
            Map<String, Object> output, Instant startedAt, long durationMs, long inputTokens, long outputTokens) {
        this(attempt, seq, kind, name, input, output, startedAt, durationMs, inputTokens, outputTokens, null);
    }

    public boolean isLlm() {
        return "llm".equals(kind);
    }
}
