package com.agentplatform.common.execution;

/** What an execution consumed so far: tokens and calls, summed over its attempts. */
public record Usage(long inputTokens, long outputTokens, int llmCalls, int toolCalls) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plusLlmCall(long input, long output) {
        return new Usage(inputTokens + input, outputTokens + output, llmCalls + 1, toolCalls);
    }

    public Usage plusToolCall() {
        return new Usage(inputTokens, outputTokens, llmCalls, toolCalls + 1);
    }
}
