package com.agentplatform.worker.runtime;

import java.util.List;
import java.util.UUID;

/**
 * The model called agents as tools: the run pauses until each of them, a child execution, has ended. The calls the
 * same reply asked for before them were made and recorded; all of its agent calls are here, so that the children of
 * one reply run side by side.
 */
public class DelegationRequiredException extends RuntimeException {

    /**
     * One call of an agent.
     *
     * @param callId    the model's id of the call
     * @param tool      the tool name it called
     * @param arguments its arguments, as it wrote them
     * @param agentId   the agent to start
     * @param input     the task the child is given (the {@code input} argument)
     * @param stepSeq   the call's step when a person's approval wrote it already (the child's wait then completes that
     *                  step), or null for a new step
     */
    public record Delegation(String callId, String tool, String arguments, UUID agentId, String input, Integer stepSeq) {
    }

    private final transient List<Delegation> delegations;

    public DelegationRequiredException(List<Delegation> delegations) {
        super(delegations.size() + " agent call(s) wait for their child executions");
        this.delegations = List.copyOf(delegations);
    }

    public List<Delegation> delegations() {
        return delegations;
    }
}
