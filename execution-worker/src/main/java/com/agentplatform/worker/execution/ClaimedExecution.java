package com.agentplatform.worker.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.ExecutionTransitions;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.worker.runtime.History;
import java.time.Instant;

/**
 * An attempt this worker holds the lease of, with what it needs to run.
 *
 * @param lease       the attempt's fence: every write of the attempt carries it
 * @param stepsSoFar  steps recorded by earlier attempts; this attempt's steps are numbered after them
 * @param started     the {@code running} event the claim wrote
 * @param history     what earlier attempts completed, to resume from
 * @param createdAt   when the execution was accepted
 * @param traceParent the W3C trace context of the submit, which every attempt joins; null when it had none
 * @param thread      the run's thread and its place there, or null for a run on no thread
 */
record ClaimedExecution(
        ExecutionTransitions.Attempt lease,
        int maxAttempts,
        AgentSpec agent,
        String input,
        int stepsSoFar,
        ExecutionEvent started,
        History history,
        Instant createdAt,
        String traceParent,
        ExecutionTransitions.ThreadRun thread) {

    ClaimedExecution(ExecutionTransitions.Attempt lease, int maxAttempts, AgentSpec agent, String input, int stepsSoFar,
            ExecutionEvent started, History history, Instant createdAt, String traceParent) {
        this(lease, maxAttempts, agent, input, stepsSoFar, started, history, createdAt, traceParent, null);
    }

    TenantId tenant() {
        return lease.tenant();
    }

    ExecutionId id() {
        return lease.execution();
    }

    int attempt() {
        return lease.number();
    }

    String leaseOwner() {
        return lease.leaseOwner();
    }

    RunningAttempt key() {
        return new RunningAttempt(id().value(), attempt());
    }
}
