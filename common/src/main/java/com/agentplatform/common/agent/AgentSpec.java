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
 * @param timeoutSeconds running-time bound of the execution (time spent waiting for a person does not count); past
 *                       it the execution is {@code timed_out}
 * @param maxTokens      input + output token budget of the whole run
 * @param requireApproval names of the tools whose calls wait for a person's decision ({@value #ALL_TOOLS}: every tool)
 * @param approvalTimeoutSeconds how long a call may wait for that decision; past it the execution fails with
 *                       {@code APPROVAL_EXPIRED}. Absent or zero (a snapshot stored before approvals existed: a
 *                       missing field cannot be read into a primitive, so it is boxed) means the default
 * @param historyTokens  on a thread, how many tokens of the thread's earlier messages the model sees (the oldest are
 *                       left out first); {@value #DEFAULT_HISTORY_TOKENS} when not set. A boxed type: a snapshot taken
 *                       before threads existed has no such field, and must still be read
 * @param agents         ids of the tenant's stored agents the model may call as tools (the supervisor pattern), each
 *                       call a child execution; empty for none (and for a snapshot stored before agents as tools)
 */
public record AgentSpec(
        String name,
        String instructions,
        String model,
        List<String> tools,
        int maxSteps,
        int timeoutSeconds,
        long maxTokens,
        List<String> requireApproval,
        Integer approvalTimeoutSeconds,
        Integer historyTokens,
        List<String> agents) {

    /** In {@code require_approval}: every tool's calls need a person's yes. */
    public static final String ALL_TOOLS = "*";
    /** {@code approval_timeout_seconds} of an agent that names none: a day. */
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 86_400;
    public static final int DEFAULT_HISTORY_TOKENS = 8_000;

    public AgentSpec {
        tools = tools == null ? List.of() : List.copyOf(tools);
        requireApproval = requireApproval == null ? List.of() : List.copyOf(requireApproval);
        approvalTimeoutSeconds = approvalTimeoutSeconds == null || approvalTimeoutSeconds <= 0
                ? DEFAULT_APPROVAL_TIMEOUT_SECONDS : approvalTimeoutSeconds;
        historyTokens = historyTokens == null || historyTokens <= 0 ? DEFAULT_HISTORY_TOKENS : historyTokens;
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** An agent that calls no other agent. */
    public AgentSpec(String name, String instructions, String model, List<String> tools, int maxSteps, int timeoutSeconds,
            long maxTokens, List<String> requireApproval, Integer approvalTimeoutSeconds, Integer historyTokens) {
        this(name, instructions, model, tools, maxSteps, timeoutSeconds, maxTokens, requireApproval, approvalTimeoutSeconds,
                historyTokens, List.of());
    }

    /** An agent whose tool calls never wait for a person, with the default history budget. */
    public AgentSpec(String name, String instructions, String model, List<String> tools, int maxSteps, int timeoutSeconds,
            long maxTokens) {
        this(name, instructions, model, tools, maxSteps, timeoutSeconds, maxTokens, List.of(), DEFAULT_APPROVAL_TIMEOUT_SECONDS,
                DEFAULT_HISTORY_TOKENS, List.of());
    }

    /** True when a call of this tool waits for a person's decision before it is made. */
    public boolean needsApproval(String tool) {
        return !requireApproval.isEmpty() && (requireApproval.contains(ALL_TOOLS) || requireApproval.contains(tool));
    }
}
