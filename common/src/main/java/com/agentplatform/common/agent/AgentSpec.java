package com.agentplatform.common.agent;

import java.util.List;

/**
 * What an execution runs: the agent as it was at submit time, stored with the execution so later edits of a
 * stored agent never change a run in flight.
 *
 * @param name           a label for people; not unique
 * @param instructions   the system prompt, or null
 * @param model          {@code provider:model}, such as {@code offline:deterministic}
 * @param tools          names of the tools the model may call; it sees no others
 * @param maxSteps       the most LLM + tool calls one run may make
 * @param timeoutSeconds wall-clock bound of one attempt; past it the execution is {@code timed_out}
 * @param maxTokens      input + output token budget of the whole run
 * @param historyTokens  on a thread, how many tokens of the thread's earlier messages the model sees (the oldest are
 *                       left out first); {@value #DEFAULT_HISTORY_TOKENS} when not set. A boxed type: a snapshot taken
 *                       before threads existed has no such field, and must still be read
 */
public record AgentSpec(
        String name,
        String instructions,
        String model,
        List<String> tools,
        int maxSteps,
        int timeoutSeconds,
        long maxTokens,
        Integer historyTokens) {

    public static final int DEFAULT_HISTORY_TOKENS = 8_000;

    public AgentSpec {
        tools = tools == null ? List.of() : List.copyOf(tools);
        historyTokens = historyTokens == null || historyTokens <= 0 ? DEFAULT_HISTORY_TOKENS : historyTokens;
    }

    /** An agent with the default history budget. */
    public AgentSpec(String name, String instructions, String model, List<String> tools, int maxSteps, int timeoutSeconds,
            long maxTokens) {
        this(name, instructions, model, tools, maxSteps, timeoutSeconds, maxTokens, DEFAULT_HISTORY_TOKENS);
    }
}
