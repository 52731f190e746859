package com.agentplatform.worker.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded LLM or tool call.
 *
 * @param kind  {@code llm} or {@code tool}
 * @param name  the model or the tool
 * @param usage tokens of this call alone (zero for tools)
 */
public record Step(String kind, String name, Map<String, Object> input, Map<String, Object> output,
        Instant startedAt, long durationMs, long inputTokens, long outputTokens) {

    public boolean isLlm() {
        return "llm".equals(kind);
    }
}
