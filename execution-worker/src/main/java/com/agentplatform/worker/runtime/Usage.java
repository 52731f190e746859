package com.agentplatform.worker.runtime;

/** What a run consumed so far. */
public record Usage(long inputTokens, long outputTokens, int llmCalls, int toolCalls) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    Usage plusLlmCall(long input, long output) {
        return new Usage(inputTokens + input, outputTokens + output, llmCalls + 1, toolCalls);
    }

    Usage plusToolCall() {
        return new Usage(inputTokens, outputTokens, llmCalls, toolCalls + 1);
    }
}
