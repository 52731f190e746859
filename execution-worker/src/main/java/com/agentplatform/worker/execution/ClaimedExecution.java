package com.agentplatform.worker.execution;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.execution.Guard;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.worker.runtime.History;

/**
 * An attempt this worker holds the lease of, with what it needs to run.
 *
 * @param stepsSoFar steps recorded by earlier attempts; this attempt's steps are numbered after them
 * @param started    the {@code running} event the claim wrote
 * @param history    what earlier attempts completed, to resume from
 * @param createdAt  when the execution was accepted
 * @param traceParent the W3C trace context of the submit, which every attempt joins; null when it had none
 */
record ClaimedExecution(
        TenantId tenant,
        ExecutionId id,
        int attempt,
        int maxAttempts,
        String leaseOwner,
        AgentSpec agent,
        String input,
        int stepsSoFar,
        ExecutionEvent started,
        History history,
        java.time.Instant createdAt,
        String traceParent) {

    RunningAttempt key() {
        return new RunningAttempt(id.value(), attempt);
    }

    /** The fence every write of this attempt carries. */
    Guard fence() {
        return Guard.running(leaseOwner, attempt);
    }
}
